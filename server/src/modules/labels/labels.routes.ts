// /api/v1/labels (every role reads; owners and admins manage) and
// PUT /api/v1/conversations/:id/labels (agents and up set a chat's labels).
import type { FastifyInstance } from 'fastify'
import { z } from 'zod'
import { requireRole } from '../../plugins/auth.js'
import { parseInput } from '../../shared/validation.js'
import { ConversationLabels, CreateLabel, Label, LabelId, UpdateLabel } from './labels.schemas.js'
import { ConversationSummary } from '../inbox/inbox.schemas.js'
import { errors, ItemsOf, NoContent } from '../../shared/http-schemas.js'
import type { LabelsService } from './labels.service.js'

const NoQuery = z.strictObject({})

export function labelsRoutes(labels: LabelsService) {
  return async (app: FastifyInstance): Promise<void> => {
    await app.register(async (r) => {
      r.addHook('preHandler', app.authenticate)
      const admin = { preHandler: requireRole('admin') }
      r.get('/labels', { schema: { summary: "The shop's labels", querystring: NoQuery, response: { 200: ItemsOf(Label), ...errors } } }, async (req) => {
        parseInput(NoQuery, req.query, 'query')
        return { items: await labels.list(req.auth.tenantId) }
      })
      r.post('/labels', { ...admin, schema: { summary: 'Add a label', body: CreateLabel, response: { 201: Label, ...errors } } }, async (req, reply) => reply.status(201).send(await labels.create(req.auth.tenantId, parseInput(CreateLabel, req.body))))
      r.patch('/labels/:id', { ...admin, schema: { summary: 'Rename or recolour a label', params: LabelId, body: UpdateLabel, response: { 200: Label, ...errors } } }, async (req) => {
        const { id } = parseInput(LabelId, req.params, 'params')
        return labels.update(req.auth.tenantId, id, parseInput(UpdateLabel, req.body))
      })
      r.delete('/labels/:id', { ...admin, schema: { summary: 'Delete a label (it leaves every chat)', params: LabelId, response: { 204: NoContent, ...errors } } }, async (req, reply) => {
        await labels.remove(req.auth.tenantId, parseInput(LabelId, req.params, 'params').id)
        return reply.status(204).send()
      })
      r.put('/conversations/:id/labels', { preHandler: requireRole('agent'), schema: { summary: "Set a chat's labels (the whole set)", params: LabelId, body: ConversationLabels, response: { 200: ConversationSummary, ...errors } } }, async (req) => {
        const { id } = parseInput(LabelId, req.params, 'params')
        const { labelIds } = parseInput(ConversationLabels, req.body)
        return labels.setForConversation(req.auth.tenantId, id, labelIds)
      })
    })
  }
}
