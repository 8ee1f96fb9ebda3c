// /api/v1/conversations: the inbox. Reads are open to every role of the tenant; replying and
// taking over need agent or higher.
import type { FastifyInstance } from 'fastify'
import { z } from 'zod'
import { requireRole } from '../../plugins/auth.js'
import { actorOf } from '../../shared/actor.js'
import { parseInput } from '../../shared/validation.js'
import type { InboxService } from './inbox.service.js'
import type { InboundDeadLetters } from './inbox.dead-letters.js'
import { ConversationSummary, DeadLetter, hasSomethingToSend, Message, OutgoingContentFields } from './inbox.schemas.js'
import { errors, NoContent, PageOf } from '../../shared/http-schemas.js'

const Id = z.strictObject({ id: z.uuid({ message: 'Not a valid id.' }) })
const Page = { limit: z.coerce.number().int().min(1).max(100).default(30), cursor: z.string().max(200).optional() }
const ListQuery = z.strictObject({
  ...Page,
  tag: z.string().regex(/^[a-z0-9_]{1,40}$/).optional(),
  mode: z.enum(['faq', 'order', 'complaint', 'other']).optional(),
  intent: z.string().regex(/^[a-z0-9_]{1,60}$/).optional(),
  label: z.uuid({ message: 'Not a valid label id.' }).optional(),
  /** Only chats with this number of the shop (GET /devices). */
  deviceId: z.uuid({ message: 'Not a valid device id.' }).optional(),
  unread: z.enum(['true', 'false']).optional(),
  /** Only chats where a customer waits for the shop's answer. */
  waiting: z.enum(['true', 'false']).optional(),
  q: z.string().trim().max(100).optional(),
  /**
   * The team's view: `snoozed` lists chats still asleep; the others leave those out. `active` is
   * open or waiting for the customer (the dashboard's default view). Default: all.
   */
  status: z.enum(['active', 'open', 'waiting', 'resolved', 'snoozed']).optional(),
  /** `me` (the caller's chats), `none` (unassigned) or a teammate's id. */
  assignee: z.union([z.enum(['me', 'none']), z.uuid()]).optional(),
})
const ThreadQuery = z.strictObject(Page)
const ReplyBody = z.strictObject({ text: z.string().trim().max(4096).default(''), ...OutgoingContentFields })
  .refine(hasSomethingToSend, { message: 'Write a message first.', path: ['text'] })
const NoBody = z.strictObject({}).optional()
const NoQuery = z.strictObject({})

export function inboxRoutes(deps: { inbox: InboxService; deadLetters: Pick<InboundDeadLetters, 'listOpen'> }) {
  const { inbox } = deps
  return async (app: FastifyInstance): Promise<void> => {
    await app.register(async (r) => {
      r.addHook('preHandler', app.authenticate)
      const agent = { preHandler: requireRole('agent') }

      const read = { config: { scope: 'messages:read' as const } }
      r.get('/conversations', { ...read, schema: { summary: 'List chats, newest activity first', querystring: ListQuery, response: { 200: PageOf(ConversationSummary), ...errors } } }, async (req) => {
        const q = parseInput(ListQuery, req.query, 'query')
        return inbox.list(req.auth.tenantId, {
          mode: q.mode, intent: q.intent, tag: q.tag, label: q.label, deviceId: q.deviceId, unread: q.unread === 'true', waiting: q.waiting === 'true', q: q.q, cursor: q.cursor, limit: q.limit,
          status: q.status, assigneeId: q.assignee === 'me' ? req.auth.userId : q.assignee === 'none' ? null : q.assignee,
        })
      })

      r.get('/conversations/:id', { ...read, schema: { summary: 'One chat', params: Id, querystring: NoQuery, response: { 200: ConversationSummary, ...errors } } }, async (req) => inbox.summary(req.auth.tenantId, parseInput(Id, req.params, 'params').id))

      r.get('/conversations/:id/messages', { ...read, schema: { summary: "A chat's messages, newest first", params: Id, querystring: ThreadQuery, response: { 200: PageOf(Message), ...errors } } }, async (req) => {
        const { id } = parseInput(Id, req.params, 'params')
        const q = parseInput(ThreadQuery, req.query, 'query')
        return inbox.thread(req.auth.tenantId, id, q)
      })

      r.post('/conversations/:id/messages', { ...agent, schema: { summary: 'Reply in a chat: text, a photo/video/document/voice note (mediaId), a location, quoting a message (queued in the outbox)', params: Id, body: ReplyBody, response: { 202: Message, ...errors } } }, async (req, reply) => {
        const { id } = parseInput(Id, req.params, 'params')
        const { text, ...content } = parseInput(ReplyBody, req.body)
        const row = await inbox.reply(req.auth.tenantId, id, text, req.auth.role === 'agent' ? 'agent' : 'owner', content, actorOf(req.auth))
        return reply.status(202).send(await inbox.messageDto(req.auth.tenantId, row))
      })

      r.post('/conversations/:id/takeover', { ...agent, schema: { summary: 'A person takes the chat over from the AI', params: Id, body: NoBody, response: { 200: ConversationSummary, ...errors } } }, async (req) => { parseInput(NoBody, req.body); return inbox.setTakeover(req.auth.tenantId, parseInput(Id, req.params, 'params').id, true, actorOf(req.auth)) })
      r.post('/conversations/:id/handback', { ...agent, schema: { summary: 'Give the chat back to the AI', params: Id, body: NoBody, response: { 200: ConversationSummary, ...errors } } }, async (req) => { parseInput(NoBody, req.body); return inbox.setTakeover(req.auth.tenantId, parseInput(Id, req.params, 'params').id, false, actorOf(req.auth)) })
      r.post('/conversations/:id/read', { ...agent, schema: { summary: 'Mark the chat read', params: Id, body: NoBody, response: { 204: NoContent, ...errors } } }, async (req, reply) => {
        parseInput(NoBody, req.body)
        await inbox.markRead(req.auth.tenantId, parseInput(Id, req.params, 'params').id)
        return reply.status(204).send()
      })

      // Customer messages that arrived but could not be stored yet (retried by the worker).
      r.get('/inbox/dead-letters', { preHandler: requireRole('admin'), schema: { summary: 'Customer messages not stored yet (retried by the worker)', querystring: NoQuery, response: { 200: z.object({ count: z.number().int(), items: z.array(DeadLetter) }), ...errors } } }, async (req) => {
        parseInput(NoQuery, req.query, 'query')
        return deps.deadLetters.listOpen(req.auth.tenantId)
      })

    })
  }
}
