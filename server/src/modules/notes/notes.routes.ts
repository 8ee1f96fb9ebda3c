// /api/v1/conversations/:id/notes: internal notes. Every role reads; agents and up write.
import type { FastifyInstance } from 'fastify'
import { z } from 'zod'
import { requireRole } from '../../plugins/auth.js'
import { actorOf } from '../../shared/actor.js'
import { parseInput } from '../../shared/validation.js'
import { errors, NoQuery } from '../../shared/http-schemas.js'
import { Note } from './notes.schemas.js'
import type { NotesService } from './notes.service.js'

const Id = z.strictObject({ id: z.uuid({ message: 'Not a valid id.' }) })
const NoteBody = z.strictObject({
  body: z.string().trim().min(1, 'Write the note first.').max(4096),
  mentions: z.array(z.uuid({ message: 'Not a valid user id.' })).max(20).default([]),
})

export function notesRoutes(notes: NotesService) {
  return async (app: FastifyInstance): Promise<void> => {
    await app.register(async (r) => {
      r.addHook('preHandler', app.authenticate)
      r.get('/conversations/:id/notes', { schema: { summary: "A chat's internal notes, oldest first", params: Id, querystring: NoQuery, response: { 200: z.object({ items: z.array(Note) }), ...errors } } }, async (req) => {
        parseInput(z.strictObject({}), req.query, 'query')
        return notes.list(req.auth.tenantId, parseInput(Id, req.params, 'params').id)
      })
      r.post('/conversations/:id/notes', { preHandler: requireRole('agent'), schema: { summary: 'Leave an internal note (never sent to the customer); mentioned teammates are notified', params: Id, body: NoteBody, response: { 201: Note, ...errors } } }, async (req, reply) => {
        const { id } = parseInput(Id, req.params, 'params')
        const body = parseInput(NoteBody, req.body)
        return reply.status(201).send(await notes.create(req.auth.tenantId, req.auth.userId, id, body, actorOf(req.auth)))
      })
    })
  }
}
