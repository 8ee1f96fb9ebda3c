// /api/v1/ai-config: the business profile and AI settings (read: any role; write: admin+), the
// CSV price list import with a dry-run preview, and "test the classifier".
import type { FastifyInstance } from 'fastify'
import { requireRole } from '../../plugins/auth.js'
import { badRequest } from '../../shared/errors.js'
import { parseInput } from '../../shared/validation.js'
import { OfflineLlm } from '../../adapters/llm/offline/offline-llm.js'
import { AiConfigPatch, PriceListImport, TestClassifier } from './ai-config.schemas.js'
import type { AiConfigService } from './ai-config.service.js'
import { parsePriceListCsv } from './price-list-csv.js'

export function aiConfigRoutes(aiConfig: AiConfigService) {
  return async (app: FastifyInstance): Promise<void> => {
    await app.register(async (r) => {
      r.addHook('preHandler', app.authenticate)
      const admin = { preHandler: requireRole('admin') }
      r.get('/', async (req) => aiConfig.toDto(await aiConfig.get(req.auth.tenantId)))
      r.put('/', admin, async (req) => aiConfig.toDto(await aiConfig.update(req.auth.tenantId, parseInput(AiConfigPatch, req.body))))
      r.post('/price-list/import', admin, async (req) => {
        const body = parseInput(PriceListImport, req.body)
        const parsed = parsePriceListCsv(body.csv)
        if (!parsed.rows.length && !parsed.errors.length) throw badRequest('ai_config.empty_csv', 'The price list is empty.')
        if (!body.dryRun && !parsed.errors.length) await aiConfig.update(req.auth.tenantId, { priceList: parsed.rows })
        return { ...parsed, saved: !body.dryRun && !parsed.errors.length }
      })
      r.post('/test-classifier', async (req) => {
        const { text } = parseInput(TestClassifier, req.body)
        const config = await aiConfig.get(req.auth.tenantId)
        const profile = aiConfig.profileOf(config)
        const llm = aiConfig.llmFor(config)
        const classification = await llm.classify({ text, history: [], profile }).catch(() => new OfflineLlm().classify({ text, history: [], profile }))
        const reply = await llm.reply({ text, history: [], profile, classification, tone: config.tone, replyLanguage: config.replyLanguage })
          .catch(() => new OfflineLlm().reply({ text, history: [], profile, classification, tone: config.tone, replyLanguage: config.replyLanguage }))
        return { classification, reply: { text: reply.text, handoff: reply.handoff } }
      })
    }, { prefix: '/ai-config' })
  }
}
