// The `inbound.process` job for one new customer message: classify it with the tenant's AI (the
// OpenAI-compatible API with the tenant's key, else the built-in classifier; the built-in one also
// stands in when the API fails for good, and the insight records why), save exactly one insight,
// answer it when auto-reply may, and plan a follow-up for a lead. Every step is idempotent: a
// retried job changes nothing twice.
import { and, eq, gt, inArray, or, ne } from 'drizzle-orm'
import type { Logger } from 'pino'
import type { Db } from '../../db/client.js'
import type { ChatTurn, Classification, LlmPort } from '../../adapters/llm/llm.port.js'
import { OfflineLlm } from '../../adapters/llm/offline/offline-llm.js'
import { isLlmError } from '../../adapters/llm/llm.errors.js'
import type { EventPublisher } from '../realtime/event-bus.js'
import type { AiConfigService } from '../ai-config/ai-config.service.js'
import type { FollowUpService } from '../followups/followups.service.js'
import type { InboxService } from '../inbox/inbox.service.js'
import { messages } from '../inbox/inbox.tables.js'
import { inboxRepository } from '../inbox/inbox.repository.js'
import { toConversationSummary, type MessageRow } from '../inbox/inbox.dto.js'
import { insightsRepository } from './insights.repository.js'

export interface InboundJobDeps {
  db: Db
  bus: EventPublisher
  aiConfig: AiConfigService
  inbox: Pick<InboxService, 'enqueueOutgoing'>
  followUps: Pick<FollowUpService, 'maybeSchedule'>
  logger: Logger
}

const offline = new OfflineLlm()
const turns = (rows: MessageRow[]): ChatTurn[] =>
  rows.filter((r) => r.body).map((r) => ({ from: r.direction === 'in' ? 'customer' : 'business', text: r.body!, at: r.createdAt }))
/** A stable, log-safe reason for a fallback (never the provider's message, which may echo input). */
const reasonOf = (err: unknown) => (isLlmError(err) ? err.code : 'llm.error')

export function inboundJob(deps: InboundJobDeps) {
  const { db } = deps
  return async ({ tenantId, messageId }: { tenantId: string; messageId: string }): Promise<void> => {
    const message = await inboxRepository.getMessage(db, tenantId, messageId)
    if (!message || message.direction !== 'in' || !message.body) return
    const config = await deps.aiConfig.get(tenantId)
    const profile = deps.aiConfig.profileOf(config)
    const history = turns(await inboxRepository.history(db, tenantId, message.conversationId, message.createdAt, 10))
    const llm = deps.aiConfig.llmFor(config)
    const log = deps.logger.child({ tenantId, messageId })

    // 1. One insight per message (unique on the message; a rerun finds the saved one).
    let insight = await insightsRepository.forMessage(db, tenantId, messageId)
    // Read once: the insight event carries it, and the auto-reply rules below look at it.
    let found: Awaited<ReturnType<typeof inboxRepository.getConversation>>
    if (!insight) {
      let fallbackReason: string | null = null
      let c: Classification
      try {
        c = await llm.classify({ text: message.body, history, profile })
      } catch (err) {
        // The adapter already retried passing trouble; now tag the inbox anyway, offline.
        fallbackReason = reasonOf(err)
        log.warn({ code: fallbackReason }, 'AI classification failed; the built-in classifier stands in')
        c = await offline.classify({ text: message.body, history, profile })
      }
      const saved = await insightsRepository.insertOnce(db, tenantId, message, c, fallbackReason)
      insight = saved.row
      if (saved.inserted) {
        found = await inboxRepository.getConversation(db, tenantId, message.conversationId)
        if (found) {
          await deps.bus.publish(tenantId, 'insight.created', {
            conversationId: message.conversationId, messageId, insight: saved.dto,
            conversation: toConversationSummary(found.conversation, found.contact),
          })
        }
      }
    }
    const c = insightsRepository.toClassification(insight)

    // Only the newest customer message of a burst is answered and followed up; a person who
    // already answered after it has it in hand.
    const [later] = await db.select({ id: messages.id }).from(messages).where(and(
      eq(messages.tenantId, tenantId), eq(messages.conversationId, message.conversationId), gt(messages.createdAt, message.createdAt), ne(messages.id, message.id),
      or(eq(messages.direction, 'in'), inArray(messages.sentBy, ['owner', 'agent', 'api'])),
    )).limit(1)
    if (later) return
    found ??= await inboxRepository.getConversation(db, tenantId, message.conversationId)
    if (!found) return

    // 2. Auto-reply: one per message (a unique index on reply_to_message_id for AI rows).
    const convo = found.conversation
    const mayAnswer = config.autoReply && convo.aiEnabled && !convo.humanTakeover && config.enabledModes.includes(c.mode)
      && (c.mode !== 'complaint' || config.replyToComplaints)
    if (mayAnswer && !(await insightsRepository.hasAiReply(db, tenantId, messageId))) {
      await answer(llm, { tenantId, message, history, c })
    }

    // 3. A follow-up for a lead that may go quiet (the service applies the tenant's rules).
    const hot = c.tags.includes('hot_lead')
    if (hot || c.needsFollowUp) await deps.followUps.maybeSchedule(tenantId, message.conversationId, messageId, { hotLead: hot })
  }

  async function answer(llm: LlmPort, x: { tenantId: string; message: MessageRow; history: ChatTurn[]; c: Classification }): Promise<void> {
    const config = await deps.aiConfig.get(x.tenantId)
    const input = {
      text: x.message.body!, history: x.history, profile: deps.aiConfig.profileOf(config), classification: x.c,
      tone: config.tone, replyLanguage: config.replyLanguage,
    }
    const reply = await llm.reply(input).catch((err) => {
      deps.logger.warn({ tenantId: x.tenantId, code: reasonOf(err) }, 'AI reply failed; the built-in writer stands in')
      return offline.reply(input)
    })
    // A hand-off means "a person should answer this": no automatic text, unless the owner asked
    // for complaints to be acknowledged automatically.
    if (reply.handoff && !(x.c.mode === 'complaint' && config.replyToComplaints)) return
    await deps.inbox.enqueueOutgoing(x.tenantId, x.message.conversationId, reply.text, 'ai', { replyToMessageId: x.message.id })
  }
}
