import { z } from 'zod'
import { named } from '../../shared/http-schemas.js'

const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'Use HH:MM, e.g. 21:00')
const text = (max: number) => z.string().max(max)
/** The smallest waiting-alert threshold (3 s); the sweep relies on it. */
export const WAITING_ALERT_MIN_MINUTES = 0.05

export const PriceItem = z.strictObject({
  name: z.string().trim().min(1).max(120),
  price: z.number().int().min(0).max(1_000_000_000),
  unit: z.string().trim().max(30).optional(),
})

/** When and how often a quiet lead is nudged (the shop's rule, or a number's own). */
export const FollowUpRuleBody = z.strictObject({
  enabled: z.boolean(), afterHours: z.number().min(0.0001).max(24 * 30), maxCount: z.number().int().min(0).max(5), onlyHotLeads: z.boolean(),
})

export const AiConfigPatch = z.strictObject({
  businessName: z.string().trim().min(1).max(120).optional(),
  profile: z.strictObject({ about: text(2000), menu: text(8000), hours: text(500), address: text(500), faq: text(8000) }).partial().optional(),
  priceList: z.array(PriceItem).max(500).optional(),
  tone: z.enum(['friendly', 'casual', 'formal']).optional(),
  replyLanguage: z.enum(['id', 'en', 'auto']).optional(),
  enabledModes: z.array(z.enum(['faq', 'order', 'complaint', 'other'])).max(4).optional(),
  autoReply: z.boolean().optional(),
  replyToComplaints: z.boolean().optional(),
  model: z.string().trim().min(1).max(100).optional(),
  baseUrl: z.url({ protocol: /^https?$/ }).max(500).nullable().optional(),
  apiKey: z.string().trim().min(8).max(500).nullable().optional(),
  /** Tokens a month the tenant's AI may use before the built-in engine takes over; null = no cap. */
  monthlyTokenCap: z.number().int().min(1000).max(1_000_000_000).nullable().optional(),
  /** The model can see images: photos are described in one sentence for the classifier. */
  visionEnabled: z.boolean().optional(),
  /** Days media files are kept (the messages stay); null = the server's default (MEDIA_RETENTION_DAYS). */
  mediaRetentionDays: z.number().int().min(1).max(36_500).nullable().optional(),
  followUp: FollowUpRuleBody.partial().optional(),
  timezone: z.enum(['Asia/Jakarta', 'Asia/Makassar', 'Asia/Jayapura']).optional(),
  quietHours: z.strictObject({ start: hhmm, end: hhmm }).partial().optional(),
  /**
   * Alert the owner once when a customer has waited this many minutes for an answer. Fractions are
   * allowed down to 3 s (0.05), like followUp.afterHours, so a demo or a browser test sees the alert
   * in seconds instead of sitting through a real minute.
   */
  waitingAlert: z.strictObject({ enabled: z.boolean(), afterMinutes: z.number().min(WAITING_ALERT_MIN_MINUTES).max(24 * 60) }).partial().optional(),
})
export type AiConfigPatch = z.infer<typeof AiConfigPatch>

export const PriceListImport = z.strictObject({ csv: z.string().max(200_000), dryRun: z.boolean().optional() })
export const TestClassifier = z.strictObject({ text: z.string().trim().min(1).max(2000) })

const PriceItemOut = z.object({ name: z.string(), price: z.number(), unit: z.string().nullish() })
export const AiConfig = named('AiConfig', z.object({
  businessName: z.string(),
  profile: z.object({ about: z.string(), menu: z.string(), hours: z.string(), address: z.string(), faq: z.string() }),
  priceList: z.array(PriceItemOut),
  tone: z.enum(['friendly', 'casual', 'formal']),
  replyLanguage: z.enum(['id', 'en', 'auto']),
  enabledModes: z.array(z.enum(['faq', 'order', 'complaint', 'other'])),
  autoReply: z.boolean(),
  replyToComplaints: z.boolean(),
  model: z.string(),
  baseUrl: z.string().nullable(),
  hasApiKey: z.boolean().meta({ description: 'An AI provider key is stored (it is never sent back).' }),
  followUp: z.object({ enabled: z.boolean(), afterHours: z.number(), maxCount: z.number().int(), onlyHotLeads: z.boolean() }),
  waitingAlert: z.object({ enabled: z.boolean(), afterMinutes: z.number() }).meta({ description: 'Alert the owner once when a customer has waited this long for an answer.' }),
  timezone: z.string(),
  quietHours: z.object({ start: z.string(), end: z.string() }),
  visionEnabled: z.boolean().meta({ description: 'The model can see images: photos are described for the classifier.' }),
  mediaRetentionDays: z.number().int().nullable().meta({ description: "Days media files are kept; null = the server's default." }),
  monthlyTokenCap: z.number().nullable().meta({ description: "Tokens a month the tenant's own model may use; past it the built-in AI answers. Null = no cap." }),
}))
export const PriceListImportResult = named('PriceListImportResult', z.object({
  rows: z.array(PriceItemOut),
  errors: z.array(z.object({ line: z.number().int(), message: z.string() })),
  saved: z.boolean().meta({ description: 'False on a dry run or when any line was refused.' }),
}))
const Classified = z.object({ mode: z.enum(['faq', 'order', 'complaint', 'other']), intent: z.string(), tags: z.array(z.string()), classifier: z.enum(['offline', 'openai']) })
export const ClassifierTest = named('ClassifierTest', z.object({
  classification: Classified.extend({
    sentiment: z.string(), productInterest: z.string().nullable(), summary: z.string(), needsFollowUp: z.boolean(), confidence: z.number(),
    language: z.string(), model: z.string().optional(), fallbackReason: z.string().optional(),
  }),
  reply: z.object({ text: z.string(), handoff: z.boolean() }),
}))
export const ReplyPreview = named('ReplyPreview', z.object({
  classification: Classified,
  outcome: z.enum(['ai_answers', 'handed_over', 'mode_not_enabled', 'complaint_to_person']).meta({ description: 'What the AI would do with this message were auto-reply on.' }),
  reply: z.object({ text: z.string(), handoff: z.boolean() }).nullable(),
}))
export const AiUsage = named('AiUsage', z.object({
  month: z.string(), promptTokens: z.number(), completionTokens: z.number(), totalTokens: z.number(), requests: z.number(), cap: z.number().nullable(),
}).meta({ description: "This month's tokens of the tenant's own model." }))
