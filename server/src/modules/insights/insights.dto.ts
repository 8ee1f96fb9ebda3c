// An insight row as the API shows it (the shape is the inbox's InsightDto: a message carries it).
import type { InsightDto } from '../inbox/inbox.dto.js'
import type { customerInsights } from './insights.tables.js'

export type InsightRow = typeof customerInsights.$inferSelect

export const toInsightDto = (i: InsightRow): InsightDto => ({
  id: i.id, messageId: i.messageId, mode: i.mode, intent: i.intent, tags: i.correctedTags ?? i.tags, sentiment: i.sentiment,
  productInterest: i.productInterest, summary: i.summary, needsFollowUp: i.needsFollowUp, confidence: i.confidence,
  classifier: i.classifier, model: i.model, fallbackReason: i.fallbackReason, corrected: i.correctedTags !== null, createdAt: i.createdAt.toISOString(),
})
