// /api/v1/quick-replies: every role of the tenant reads them; owners and admins add, change and
// delete them.
import type { FastifyInstance } from 'fastify'
import { z } from 'zod'
import { requireRole } from '../../plugins/auth.js'
import { parseInput } from '../../shared/validation.js'
import { CreateQuickReply, QuickReply, QuickReplyId, UpdateQuickReply } from './quick-replies.schemas.js'
import { errors, ItemsOf, NoContent } from '../../shared/http-schemas.js'
import type { QuickRepliesService } from './quick-replies.service.js'

const NoQuery = z.strictObject({})

export function quickRepliesRoutes(quickReplies: QuickRepliesService) {
  return async (app: FastifyInstance): Promise<void> => {
    await app.register(async (r) => {
      r.addHook('preHandler', app.authenticate)
      const admin = { preHandler: requireRole('admin') }
      r.get('/', { schema: { summary: 'Quick replies (the "/" shortcuts of the reply box)', querystring: NoQuery, response: { 200: ItemsOf(QuickReply), ...errors } } }, async (req) => {
        parseInput(NoQuery, req.query, 'query')
        return { items: await quickReplies.list(req.auth.tenantId) }
      })
      r.post('/', { ...admin, schema: { summary: 'Add a quick reply', body: CreateQuickReply, response: { 201: QuickReply, ...errors } } }, async (req, reply) => reply.status(201).send(await quickReplies.create(req.auth.tenantId, parseInput(CreateQuickReply, req.body))))
      r.patch('/:id', { ...admin, schema: { summary: 'Change a quick reply', params: QuickReplyId, body: UpdateQuickReply, response: { 200: QuickReply, ...errors } } }, async (req) => {
        const { id } = parseInput(QuickReplyId, req.params, 'params')
        return quickReplies.update(req.auth.tenantId, id, parseInput(UpdateQuickReply, req.body))
      })
      r.delete('/:id', { ...admin, schema: { summary: 'Delete a quick reply', params: QuickReplyId, response: { 204: NoContent, ...errors } } }, async (req, reply) => {
        await quickReplies.remove(req.auth.tenantId, parseInput(QuickReplyId, req.params, 'params').id)
        return reply.status(204).send()
      })
    }, { prefix: '/quick-replies' })
  }
}
