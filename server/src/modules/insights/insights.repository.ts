// customer_insights: one per customer message, and the conversation's latest tags that follow
// from it. Every function takes the tenant id first.
import { and, desc, eq, inArray, isNotNull } from 'drizzle-orm'
import type { DbOrTx } from '../../db/client.js'
import type { Classification, Reply } from '../../adapters/llm/llm.port.js'
import { newId } from '../../shared/ids.js'
import type { MessageRow } from '../inbox/inbox.dto.js'
import type { InsightRow } from './insights.dto.js'
import { aiSuggestions, customerInsights } from './insights.tables.js'

export type SuggestionRow = typeof aiSuggestions.$inferSelect
export interface SuggestionDto {
  id: string; conversationId: string; messageId: string; text: string; handoff: boolean; source: 'offline' | 'openai'
  sources: Array<{ id: string; label: string }>; fallbackReason: string | null; createdAt: string
}
export const toSuggestionDto = (r: SuggestionRow): SuggestionDto => ({
  id: r.id, conversationId: r.conversationId, messageId: r.messageId, text: r.text, handoff: r.handoff, source: r.source,
  sources: r.sources, fallbackReason: r.fallbackReason, createdAt: r.createdAt.toISOString(),
})

export const insightsRepository = {
  async forMessage(db: DbOrTx, tenantId: string, messageId: string): Promise<InsightRow | undefined> {
    const [row] = await db.select().from(customerInsights).where(and(eq(customerInsights.tenantId, tenantId), eq(customerInsights.messageId, messageId)))
    return row
  },

  /** Saves the insight unless the message already has one (a retried job): undefined then. */
  async insertOnce(db: DbOrTx, tenantId: string, message: MessageRow, c: Classification, fallbackReason: string | null, cues: string[] = []): Promise<InsightRow | undefined> {
    const [inserted] = await db.insert(customerInsights).values({
      id: newId(), tenantId, conversationId: message.conversationId, messageId: message.id, mode: c.mode, intent: c.intent, tags: c.tags,
      sentiment: c.sentiment, productInterest: c.productInterest, summary: c.summary, needsFollowUp: c.needsFollowUp,
      confidence: c.confidence, language: c.language, classifier: c.classifier, model: c.model ?? null, fallbackReason, cues,
    }).onConflictDoNothing().returning()
    return inserted
  },

  /** The ids among `messageIds` that have an insight (message ids are unique across tenants: the sweep asks for several). */
  async classifiedAmong(db: DbOrTx, messageIds: string[]): Promise<Set<string>> {
    if (!messageIds.length) return new Set()
    const rows = await db.select({ id: customerInsights.messageId }).from(customerInsights).where(inArray(customerInsights.messageId, messageIds))
    return new Set(rows.map((r) => r.id))
  },

  toClassification(i: InsightRow): Classification {
    return {
      mode: i.mode as Classification['mode'], intent: i.intent, tags: i.correctedTags ?? i.tags, sentiment: i.sentiment as Classification['sentiment'],
      productInterest: i.productInterest, summary: i.summary, needsFollowUp: i.needsFollowUp, confidence: i.confidence,
      language: i.language as Classification['language'], classifier: i.classifier, ...(i.model ? { model: i.model } : {}),
    }
  },

  /** A person's correction of the tags; `latest` says whether it is the conversation's newest insight. */
  async correctTags(db: DbOrTx, tenantId: string, conversationId: string, insightId: string, tags: string[]): Promise<{ row: InsightRow; latest: boolean } | undefined> {
    const [row] = await db.update(customerInsights).set({ correctedTags: tags })
      .where(and(eq(customerInsights.tenantId, tenantId), eq(customerInsights.conversationId, conversationId), eq(customerInsights.id, insightId))).returning()
    if (!row) return undefined
    const [newest] = await db.select({ id: customerInsights.id }).from(customerInsights)
      .where(and(eq(customerInsights.tenantId, tenantId), eq(customerInsights.conversationId, conversationId)))
      .orderBy(desc(customerInsights.createdAt)).limit(1)
    return { row, latest: newest?.id === row.id }
  },

  async suggestionFor(db: DbOrTx, tenantId: string, messageId: string): Promise<SuggestionRow | undefined> {
    const [row] = await db.select().from(aiSuggestions).where(and(eq(aiSuggestions.tenantId, tenantId), eq(aiSuggestions.messageId, messageId)))
    return row
  },

  /** Stores the AI's suggested answer to a customer message unless it has one (a retried job). */
  async saveSuggestionOnce(db: DbOrTx, tenantId: string, message: MessageRow, reply: Pick<Reply, 'text' | 'handoff' | 'source' | 'sources' | 'fallbackReason'>): Promise<{ row: SuggestionRow; inserted: boolean }> {
    const [inserted] = await db.insert(aiSuggestions).values({
      id: newId(), tenantId, conversationId: message.conversationId, messageId: message.id, text: reply.text, handoff: reply.handoff, source: reply.source,
      sources: reply.sources ?? [], fallbackReason: reply.fallbackReason ?? null,
    }).onConflictDoNothing().returning()
    if (inserted) return { row: inserted, inserted: true }
    return { row: (await insightsRepository.suggestionFor(db, tenantId, message.id))!, inserted: false }
  },

  async forMessages(db: DbOrTx, tenantId: string, messageIds: string[]): Promise<InsightRow[]> {
    return db.select().from(customerInsights).where(and(eq(customerInsights.tenantId, tenantId), inArray(customerInsights.messageId, messageIds)))
  },

  /** The conversation's insights, newest first. */
  async forConversation(db: DbOrTx, tenantId: string, conversationId: string, limit: number): Promise<InsightRow[]> {
    return db.select().from(customerInsights).where(and(eq(customerInsights.tenantId, tenantId), eq(customerInsights.conversationId, conversationId)))
      .orderBy(desc(customerInsights.createdAt)).limit(limit)
  },

  /** Products the customer asked about in the conversation, newest first. */
  async productInterests(db: DbOrTx, tenantId: string, conversationId: string, limit: number): Promise<string[]> {
    const rows = await db.select({ p: customerInsights.productInterest }).from(customerInsights)
      .where(and(eq(customerInsights.tenantId, tenantId), eq(customerInsights.conversationId, conversationId), isNotNull(customerInsights.productInterest)))
      .orderBy(desc(customerInsights.createdAt)).limit(limit)
    return rows.map((r) => r.p!)
  },
}
