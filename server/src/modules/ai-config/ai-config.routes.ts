// /api/v1/ai-config: the business profile and AI settings (read: any role; write: admin+), the
// CSV price list import with a dry-run preview, and "test the classifier".
import type { FastifyInstance } from 'fastify'
import { actorOf } from '../../shared/actor.js'
import { requireRole } from '../../plugins/auth.js'
import { RateLimitedError, badRequest } from '../../shared/errors.js'
import type { FixedWindowLimiter } from '../../shared/fixed-window-limiter.js'
import { parseInput } from '../../shared/validation.js'
import { AiConfig, AiConfigPatch, AiUsage, ClassifierTest, PriceListImport, PriceListImportResult, TestClassifier } from './ai-config.schemas.js'
import { errors, NoQuery } from '../../shared/http-schemas.js'
import type { AiConfigService } from './ai-config.service.js'
import { parsePriceListCsv } from './ai-config.price-list-csv.js'

export interface AiConfigRoutesOptions {
  /** Per-tenant budget for "test the classifier": each call may reach the tenant's AI provider. */
  testLimiter?: Pick<FixedWindowLimiter, 'hit'>
}

export function aiConfigRoutes(aiConfig: AiConfigService, opts: AiConfigRoutesOptions = {}) {
  return async (app: FastifyInstance): Promise<void> => {
    await app.register(async (r) => {
      r.addHook('preHandler', app.authenticate)
      const admin = { preHandler: requireRole('admin') }
      r.get('/', { schema: { summary: 'The business profile and AI settings', querystring: NoQuery, response: { 200: AiConfig, ...errors } } }, async (req) => aiConfig.toDto(await aiConfig.get(req.auth.tenantId)))
      r.get('/usage', { schema: { summary: "This month's tokens of the tenant's own model", querystring: NoQuery, response: { 200: AiUsage, ...errors } } }, async (req) => {
        const config = await aiConfig.get(req.auth.tenantId)
        return { ...(await aiConfig.usage(req.auth.tenantId, config.timezone)), cap: config.monthlyTokenCap }
      })
      r.put('/', { ...admin, schema: { summary: 'Change the settings (only the fields sent)', body: AiConfigPatch, response: { 200: AiConfig, ...errors } } }, async (req) => aiConfig.toDto(await aiConfig.update(req.auth.tenantId, parseInput(AiConfigPatch, req.body), { by: actorOf(req.auth) })))
      r.post('/price-list/import', { ...admin, schema: { summary: 'Import the price list from CSV (dryRun: preview only)', body: PriceListImport, response: { 200: PriceListImportResult, ...errors } } }, async (req) => {
        const body = parseInput(PriceListImport, req.body)
        const parsed = parsePriceListCsv(body.csv)
        if (!parsed.rows.length && !parsed.errors.length) throw badRequest('ai_config.empty_csv', 'The price list is empty.')
        if (!body.dryRun && !parsed.errors.length) await aiConfig.update(req.auth.tenantId, { priceList: parsed.rows }, {
          by: actorOf(req.auth), entry: { action: 'settings.price_list_imported', targetType: 'settings', targetId: 'ai-config' },
        })
        return { ...parsed, saved: !body.dryRun && !parsed.errors.length }
      })
      r.post('/test-classifier', { schema: { summary: 'What the classifier and the AI make of a sample message', body: TestClassifier, response: { 200: ClassifierTest, ...errors } } }, async (req) => {
        const { text } = parseInput(TestClassifier, req.body)
        const wait = await opts.testLimiter?.hit(req.auth.tenantId) ?? 0
        if (wait > 0) throw new RateLimitedError('ai_config.test_rate_limited', `Too many classifier tests. Try again in ${wait} seconds.`, wait)
        const config = await aiConfig.get(req.auth.tenantId)
        const profile = aiConfig.profileOf(config)
        const llm = aiConfig.llmFor(config)
        // When the tenant's AI cannot be used the built-in classifier answers, and says why
        // (e.g. net.forbidden_address: the server refused to call the base URL).
        const { classification: c, fallbackReason } = await llm.classifyOrFallback({ text, history: [], profile })
        const classification = fallbackReason ? { ...c, fallbackReason } : c
        const reply = await llm.reply({ text, history: [], profile, classification: c, tone: config.tone, replyLanguage: config.replyLanguage })
        return { classification, reply: { text: reply.text, handoff: reply.handoff, sources: reply.sources ?? [], ...(reply.fallbackReason ? { fallbackReason: reply.fallbackReason } : {}) } }
      })
    }, { prefix: '/ai-config' })
  }
}
