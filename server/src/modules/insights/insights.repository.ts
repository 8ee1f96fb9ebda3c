// customer_insights: one per customer message, and the conversation's latest tags that follow
// from it. Every function takes the tenant id first.
import { and, desc, eq, sql } from 'drizzle-orm'
import type { DbOrTx } from '../../db/client.js'
import type { Classification } from '../../adapters/llm/llm.port.js'
import { newId } from '../../shared/ids.js'
import { conversations, messages } from '../inbox/inbox.tables.js'
import { toInsightDto, type InsightDto, type InsightRow, type MessageRow } from '../inbox/inbox.dto.js'
import { customerInsights } from './insights.tables.js'

export const insightsRepository = {
  async forMessage(db: DbOrTx, tenantId: string, messageId: string): Promise<InsightRow | undefined> {
    const [row] = await db.select().from(customerInsights).where(and(eq(customerInsights.tenantId, tenantId), eq(customerInsights.messageId, messageId)))
    return row
  },

  /**
   * Saves the insight unless the message already has one (a retried job), and makes it the
   * conversation's latest classification — in one transaction, so a crash leaves neither.
   */
  async insertOnce(db: DbOrTx, tenantId: string, message: MessageRow, c: Classification, fallbackReason: string | null): Promise<{ row: InsightRow; inserted: boolean; dto: InsightDto }> {
    return db.transaction(async (tx) => {
      const [inserted] = await tx.insert(customerInsights).values({
        id: newId(), tenantId, conversationId: message.conversationId, messageId: message.id, mode: c.mode, intent: c.intent, tags: c.tags,
        sentiment: c.sentiment, productInterest: c.productInterest, summary: c.summary, needsFollowUp: c.needsFollowUp,
        confidence: c.confidence, language: c.language, classifier: c.classifier, model: c.model ?? null, fallbackReason,
      }).onConflictDoNothing().returning()
      if (!inserted) {
        const row = (await insightsRepository.forMessage(tx, tenantId, message.id))!
        return { row, inserted: false, dto: toInsightDto(row) }
      }
      // Backlog jobs may finish out of order: only the newest customer message sets the chips.
      await tx.update(conversations).set({ mode: c.mode, intent: c.intent, tags: c.tags, updatedAt: new Date() })
        .where(and(eq(conversations.tenantId, tenantId), eq(conversations.id, message.conversationId),
          sql`not exists (select 1 from ${messages} m where m.tenant_id = ${tenantId} and m.conversation_id = ${message.conversationId}
            and m.direction = 'in' and m.created_at > ${message.createdAt.toISOString()}::timestamptz
            and exists (select 1 from ${customerInsights} i where i.message_id = m.id))`))
      return { row: inserted, inserted: true, dto: toInsightDto(inserted) }
    })
  },

  toClassification(i: InsightRow): Classification {
    return {
      mode: i.mode as Classification['mode'], intent: i.intent, tags: i.correctedTags ?? i.tags, sentiment: i.sentiment as Classification['sentiment'],
      productInterest: i.productInterest, summary: i.summary, needsFollowUp: i.needsFollowUp, confidence: i.confidence,
      language: i.language as Classification['language'], classifier: i.classifier, ...(i.model ? { model: i.model } : {}),
    }
  },

  async hasAiReply(db: DbOrTx, tenantId: string, messageId: string): Promise<boolean> {
    const [row] = await db.select({ id: messages.id }).from(messages)
      .where(and(eq(messages.tenantId, tenantId), eq(messages.replyToMessageId, messageId), eq(messages.sentBy, 'ai'))).limit(1)
    return Boolean(row)
  },

  /** A person's correction of the tags; the conversation's chips follow when it is the latest insight. */
  async correctTags(db: DbOrTx, tenantId: string, conversationId: string, insightId: string, tags: string[]): Promise<{ row: InsightRow; latest: boolean } | undefined> {
    return db.transaction(async (tx) => {
      const [row] = await tx.update(customerInsights).set({ correctedTags: tags })
        .where(and(eq(customerInsights.tenantId, tenantId), eq(customerInsights.conversationId, conversationId), eq(customerInsights.id, insightId))).returning()
      if (!row) return undefined
      const [newest] = await tx.select({ id: customerInsights.id }).from(customerInsights)
        .where(and(eq(customerInsights.tenantId, tenantId), eq(customerInsights.conversationId, conversationId)))
        .orderBy(desc(customerInsights.createdAt)).limit(1)
      const latest = newest?.id === row.id
      if (latest) await tx.update(conversations).set({ tags, updatedAt: new Date() }).where(and(eq(conversations.tenantId, tenantId), eq(conversations.id, conversationId)))
      return { row, latest }
    })
  },
}
