// The AI's view of a chat: GET /api/v1/conversations/:id/suggestion, the suggested answer ("Saran
// AI") to the chat's newest customer message while the shop still owes that answer (read by every
// role; a person inserts it into the reply box, edits it and sends it), and PATCH
// /api/v1/conversations/:id/insights/:insightId, a person's correction of the tags (agent or higher).
import type { FastifyInstance } from 'fastify'
import { z } from 'zod'
import { requireRole } from '../../plugins/auth.js'
import { parseInput } from '../../shared/validation.js'
import type { InsightsService } from './insights.service.js'
import { AiSuggestion } from './insights.schemas.js'
import { Insight } from '../inbox/inbox.schemas.js'
import { errors, NoQuery } from '../../shared/http-schemas.js'

const Id = z.strictObject({ id: z.uuid({ message: 'Not a valid id.' }) })
const IdAndInsight = z.strictObject({ id: z.uuid(), insightId: z.uuid() })
const TagsBody = z.strictObject({ tags: z.array(z.string().regex(/^[a-z0-9_]{1,40}$/)).max(20) })

export function insightsRoutes(insights: Pick<InsightsService, 'suggestion' | 'correctTags'>) {
  return async (app: FastifyInstance): Promise<void> => {
    await app.register(async (r) => {
      r.addHook('preHandler', app.authenticate)
      r.get('/conversations/:id/suggestion', { schema: { summary: "The AI's suggested answer to the chat's newest customer message", tags: ['conversations'], params: Id, querystring: NoQuery, response: { 200: z.object({ suggestion: AiSuggestion.nullable() }), ...errors } } }, async (req) => insights.suggestion(req.auth.tenantId, parseInput(Id, req.params, 'params').id))

      r.patch('/conversations/:id/insights/:insightId', { preHandler: requireRole('agent'), schema: { summary: "Correct the AI's tags on one message", tags: ['conversations'], params: IdAndInsight, body: TagsBody, response: { 200: Insight, ...errors } } }, async (req) => {
        const { id, insightId } = parseInput(IdAndInsight, req.params, 'params')
        const { tags } = parseInput(TagsBody, req.body)
        return insights.correctTags(req.auth.tenantId, id, insightId, tags)
      })
    })
  }
}
