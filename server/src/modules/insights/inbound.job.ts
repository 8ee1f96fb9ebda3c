// The `inbound.process` job for one new customer message: classify it with the tenant's AI (the
// OpenAI-compatible API with the tenant's key, else the built-in classifier; offline also when
// the API fails for good), save exactly one insight, answer it when auto-reply may, and plan a
// follow-up for a hot lead. Every step is idempotent: a retried job changes nothing twice.
import { and, desc, eq, gt } from 'drizzle-orm'
import type { Logger } from 'pino'
import type { Db } from '../../db/client.js'
import type { Classification, ChatTurn } from '../../adapters/llm/llm.port.js'
import { OfflineLlm } from '../../adapters/llm/offline/offline-llm.js'
import { isLlmError } from '../../adapters/llm/llm.errors.js'
import { newId } from '../../shared/ids.js'
import type { EventPublisher } from '../realtime/event-bus.js'
import type { AiConfigService } from '../ai-config/ai-config.service.js'
import type { FollowUpService } from '../followups/followups.service.js'
import type { InboxService } from '../inbox/inbox.service.js'
import { conversations, messages } from '../inbox/inbox.tables.js'
import { inboxRepository } from '../inbox/inbox.repository.js'
import { toInsightDto } from '../inbox/inbox.dto.js'
import { customerInsights } from './insights.tables.js'

export interface InboundJobDeps {
  db: Db
  bus: EventPublisher
  aiConfig: AiConfigService
  inbox: InboxService
  followUps: FollowUpService
  logger: Logger
}

const offline = new OfflineLlm()
const turns = (rows: Array<{ direction: string; body: string | null; createdAt: Date }>): ChatTurn[] =>
  rows.filter((r) => r.body).map((r) => ({ from: r.direction === 'in' ? 'customer' : 'business', text: r.body!, at: r.createdAt }))

export function inboundJob(deps: InboundJobDeps) {
  return async ({ tenantId, messageId }: { tenantId: string; messageId: string }, attemptsMade = 0): Promise<void> => {
    const message = await inboxRepository.getMessage(deps.db, tenantId, messageId)
    if (!message || message.direction !== 'in' || !message.body) return
    const config = await deps.aiConfig.get(tenantId)
    const profile = deps.aiConfig.profileOf(config)
    const history = turns(await inboxRepository.history(deps.db, tenantId, message.conversationId, message.createdAt, 10))
    const llm = deps.aiConfig.llmFor(config)

    // 1. One insight per message.
    let [insight] = await deps.db.select().from(customerInsights).where(and(eq(customerInsights.tenantId, tenantId), eq(customerInsights.messageId, messageId)))
    let classification: Classification | undefined
    if (!insight) {
      try {
        classification = await llm.classify({ text: message.body, history, profile })
      } catch (err) {
        // Retry the API a few times for passing trouble; then tag the inbox anyway, offline.
        if (isLlmError(err) && err.retryable && attemptsMade < 2) throw err
        deps.logger.warn({ err: (err as Error).message, tenantId }, 'AI classification failed; using the built-in classifier')
        classification = await offline.classify({ text: message.body, history, profile })
      }
      const c = classification
      const [inserted] = await deps.db.insert(customerInsights).values({
        id: newId(), tenantId, conversationId: message.conversationId, messageId, mode: c.mode, intent: c.intent, tags: c.tags,
        sentiment: c.sentiment, productInterest: c.productInterest, summary: c.summary, needsFollowUp: c.needsFollowUp,
        confidence: c.confidence, language: c.language, classifier: c.classifier, model: c.model ?? null,
      }).onConflictDoNothing().returning()
      if (inserted) {
        insight = inserted
        await deps.db.update(conversations).set({ mode: c.mode, intent: c.intent, tags: c.tags, updatedAt: new Date() })
          .where(and(eq(conversations.tenantId, tenantId), eq(conversations.id, message.conversationId)))
        await deps.bus.publish(tenantId, 'insight.created', {
          conversationId: message.conversationId, messageId, insight: toInsightDto(inserted),
          conversation: await deps.inbox.summary(tenantId, message.conversationId),
        })
      } else {
        ;[insight] = await deps.db.select().from(customerInsights).where(and(eq(customerInsights.tenantId, tenantId), eq(customerInsights.messageId, messageId)))
      }
    }
    if (!insight) return
    classification ??= { ...insight, mode: insight.mode as Classification['mode'], sentiment: insight.sentiment as Classification['sentiment'], language: insight.language as Classification['language'], model: insight.model ?? undefined } as Classification

    // Only the newest customer message of a burst gets answered and followed up.
    const [newer] = await deps.db.select({ id: messages.id }).from(messages)
      .where(and(eq(messages.tenantId, tenantId), eq(messages.conversationId, message.conversationId), gt(messages.createdAt, message.createdAt)))
      .orderBy(desc(messages.createdAt)).limit(1)
    if (newer) return
    const found = await inboxRepository.getConversation(deps.db, tenantId, message.conversationId)
    if (!found) return

    // 2. Auto-reply (one per message: unique on reply_to_message_id).
    const c = classification
    const mayAnswer = config.autoReply && found.conversation.aiEnabled && !found.conversation.humanTakeover
      && config.enabledModes.includes(c.mode) && (c.mode !== 'complaint' || config.replyToComplaints)
    if (mayAnswer) {
      const reply = await llm.reply({ text: message.body, history, profile, classification: c, tone: config.tone, replyLanguage: config.replyLanguage })
        .catch(async (err) => {
          if (isLlmError(err) && err.retryable && attemptsMade < 2) throw err
          return offline.reply({ text: message.body!, history, profile, classification: c, tone: config.tone, replyLanguage: config.replyLanguage })
        })
      if (!reply.handoff || (c.mode === 'complaint' && config.replyToComplaints)) {
        await deps.inbox.enqueueOutgoing(tenantId, message.conversationId, reply.text, 'ai', { replyToMessageId: messageId })
      }
    }

    // 3. A follow-up for a lead that may go quiet.
    const hot = c.tags.includes('hot_lead')
    if (hot || (!config.followUp.onlyHotLeads && c.needsFollowUp)) {
      await deps.followUps.maybeSchedule(tenantId, message.conversationId, messageId, hot ? 'hot_lead' : 'needs_follow_up')
    }
  }
}
