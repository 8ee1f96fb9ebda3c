// POST /api/v1/ai-config/preview-reply (admin+): the answer the AI would give to a sample
// question (see ai-config.reply-preview.ts). Each call may cost the tenant a model call, so it is limited
// per tenant, not per IP: one shop's staff share the budget, other shops are unaffected.
import type { FastifyInstance } from 'fastify'
import { z } from 'zod'
import { requireRole } from '../../plugins/auth.js'
import { AppError } from '../../shared/errors.js'
import type { FixedWindowLimiter } from '../../shared/fixed-window-limiter.js'
import { parseInput } from '../../shared/validation.js'
import type { AiConfigService } from './ai-config.service.js'
import { previewReply } from './ai-config.reply-preview.js'
import { ReplyPreview } from './ai-config.schemas.js'
import { errors } from '../../shared/http-schemas.js'
import type { KnowledgeSnippet } from '../../adapters/llm/llm.port.js'
import { KNOWLEDGE_PIECES } from '../../adapters/llm/knowledge-context.js'

export const PreviewReplyBody = z.strictObject({
  text: z.string().trim().min(1, 'Write a sample question.').max(500),
  tone: z.enum(['friendly', 'casual', 'formal']).optional(),
  replyLanguage: z.enum(['id', 'en', 'auto']).optional(),
})

export interface ReplyPreviewDeps {
  aiConfig: AiConfigService
  limiter: Pick<FixedWindowLimiter, 'hit'>
  /** The knowledge base's search, so the preview answers from the shop's documents like the worker. */
  knowledge?: { search(tenantId: string, query: string, k: number): Promise<KnowledgeSnippet[]> }
}

export function replyPreviewRoutes(deps: ReplyPreviewDeps) {
  return async (app: FastifyInstance): Promise<void> => {
    app.post('/ai-config/preview-reply', { preHandler: [app.authenticate, requireRole('admin')], schema: { summary: 'The answer the AI would give to a sample question', tags: ['ai-config'], body: PreviewReplyBody, response: { 200: ReplyPreview, ...errors } } }, async (req) => {
      const body = parseInput(PreviewReplyBody, req.body)
      const wait = await deps.limiter.hit(req.auth.tenantId)
      if (wait > 0) throw new AppError('ai_config.rate_limited', `Too many previews. Try again in ${wait} seconds.`, 429)
      const { knowledge } = deps
      const tenantId = req.auth.tenantId
      return previewReply(deps.aiConfig, tenantId, body, knowledge ? (query) => knowledge.search(tenantId, query, KNOWLEDGE_PIECES) : undefined)
    })
  }
}
