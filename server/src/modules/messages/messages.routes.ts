// /api/v1/messages: send a text to a phone number (scope messages:send) and read a message's
// status (messages:read). Both open to API keys and to logged-in agents and up.
import type { FastifyInstance } from 'fastify'
import { actorOf } from '../../shared/actor.js'
import { requireRole } from '../../plugins/auth.js'
import { parseInput } from '../../shared/validation.js'
import { ApiMessage, IdempotencyHeaders, IdempotencyKey, MessageId, SendMessageBody } from './messages.schemas.js'
import { errors, NoQuery } from '../../shared/http-schemas.js'
import { idempotencyKeyRequired } from './messages.errors.js'
import type { ApiMessagesService } from './messages.service.js'

export function messagesRoutes(messages: ApiMessagesService) {
  return async (app: FastifyInstance): Promise<void> => {
    await app.register(async (r) => {
      r.addHook('preHandler', app.authenticate)
      r.post('/', {
        preHandler: requireRole('agent'), config: { scope: 'messages:send' },
        schema: { summary: 'Send a text to a phone number', headers: IdempotencyHeaders, body: SendMessageBody, response: { 200: ApiMessage, 201: ApiMessage, ...errors } },
      }, async (req, reply) => {
        const body = parseInput(SendMessageBody, req.body)
        const header = req.headers['idempotency-key']
        if (typeof header !== 'string' || !IdempotencyKey.safeParse(header).success) throw idempotencyKeyRequired()
        const { message, replayed } = await messages.send(req.auth.tenantId, header, body, actorOf(req.auth))
        if (replayed) reply.header('idempotent-replayed', 'true')
        return reply.status(replayed ? 200 : 201).send(message)
      })
      r.get('/:id', { config: { scope: 'messages:read' }, schema: { summary: "A message and its status", params: MessageId, querystring: NoQuery, response: { 200: ApiMessage, ...errors } } }, async (req) => messages.get(req.auth.tenantId, parseInput(MessageId, req.params, 'params').id))
    }, { prefix: '/messages' })
  }
}
