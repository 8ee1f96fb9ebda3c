// /api/v1/follow-ups: what is scheduled, sent or cancelled; agents can cancel.
import type { FastifyInstance } from 'fastify'
import { z } from 'zod'
import { requireRole } from '../../plugins/auth.js'
import { actorOf } from '../../shared/actor.js'
import { parseInput } from '../../shared/validation.js'
import type { FollowUpService } from './followups.service.js'
import { FollowUp } from '../inbox/inbox.schemas.js'
import { errors, NoBody, PageOf } from '../../shared/http-schemas.js'

const Query = z.strictObject({
  status: z.enum(['scheduled', 'sent', 'cancelled', 'failed']).optional(),
  conversationId: z.uuid().optional(),
  limit: z.coerce.number().int().min(1).max(100).default(30),
  cursor: z.string().max(200).optional(),
})
const Id = z.strictObject({ id: z.uuid() })

export function followUpRoutes(followUps: FollowUpService) {
  return async (app: FastifyInstance): Promise<void> => {
    await app.register(async (r) => {
      r.addHook('preHandler', app.authenticate)
      r.get('/', { schema: { summary: 'Follow-ups: scheduled soonest first, the rest newest first', querystring: Query, response: { 200: PageOf(FollowUp), ...errors } } }, async (req) => {
        const q = parseInput(Query, req.query, 'query')
        return followUps.list(req.auth.tenantId, q)
      })
      r.post('/:id/cancel', { preHandler: requireRole('agent'), schema: { summary: 'Cancel a scheduled follow-up', params: Id, body: NoBody, response: { 200: FollowUp, ...errors } } }, async (req) => {
        parseInput(z.strictObject({}).optional(), req.body)
        return followUps.cancel(req.auth.tenantId, parseInput(Id, req.params, 'params').id, actorOf(req.auth))
      })
    }, { prefix: '/follow-ups' })
  }
}
