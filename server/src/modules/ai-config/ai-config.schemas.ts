import { z } from 'zod'

const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'Use HH:MM, e.g. 21:00')
const text = (max: number) => z.string().max(max)

export const PriceItem = z.strictObject({
  name: z.string().trim().min(1).max(120),
  price: z.number().int().min(0).max(1_000_000_000),
  unit: z.string().trim().max(30).optional(),
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
  followUp: z.strictObject({
    enabled: z.boolean(), afterHours: z.number().min(0.0001).max(24 * 30), maxCount: z.number().int().min(0).max(5), onlyHotLeads: z.boolean(),
  }).partial().optional(),
  timezone: z.enum(['Asia/Jakarta', 'Asia/Makassar', 'Asia/Jayapura']).optional(),
  quietHours: z.strictObject({ start: hhmm, end: hhmm }).partial().optional(),
})
export type AiConfigPatch = z.infer<typeof AiConfigPatch>

export const PriceListImport = z.strictObject({ csv: z.string().max(200_000), dryRun: z.boolean().optional() })
export const TestClassifier = z.strictObject({ text: z.string().trim().min(1).max(2000) })
