// An insight row as the API shows it (the shape is the inbox's InsightDto: a message carries it).
import type { InsightDto } from '../inbox/inbox.dto.js'
import type { customerInsights } from './insights.tables.js'

export type InsightRow = typeof customerInsights.$inferSelect

/** What the owner reads for each cue code (the dashboard shows `cue.text`). */
const CUE_TEXT: Record<string, string> = { check_transfer_proof: 'Cek bukti transfer' }

export const toInsightDto = (i: InsightRow): InsightDto => ({
  id: i.id, messageId: i.messageId, mode: i.mode, intent: i.intent, tags: i.correctedTags ?? i.tags, sentiment: i.sentiment,
  productInterest: i.productInterest, summary: i.summary, needsFollowUp: i.needsFollowUp, confidence: i.confidence,
  classifier: i.classifier, model: i.model, fallbackReason: i.fallbackReason, corrected: i.correctedTags !== null, createdAt: i.createdAt.toISOString(),
  cue: i.cues[0] ? { code: i.cues[0], text: CUE_TEXT[i.cues[0]] ?? i.cues[0] } : null,
})
