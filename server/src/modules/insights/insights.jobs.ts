// The `inbound.process` job for one new customer message: classify it with the tenant's AI (the
// OpenAI-compatible API with the tenant's key, else the built-in classifier; the built-in one also
// stands in when the API fails for good, and the insight records why), save exactly one insight,
// then do what decideNextReply says — the same decision the chat header shows: answer it, write a
// suggestion for a person, or leave it to a person — and tell whoever listens (the follow-ups)
// that the chat was looked at. Every step is idempotent: a retried job changes nothing twice.
import type { Logger } from 'pino'
import type { Db } from '../../db/client.js'
import type { ChatTurn, Classification, LlmPort, Reply } from '../../adapters/llm/llm.port.js'
import type { OutboxPublisher, PublishAfterCommit } from '../realtime/realtime.bus.js'
import type { DbOrTx } from '../../db/client.js'
import { policyOf, type AiConfigService } from '../ai-config/ai-config.service.js'
import { decideNextReply, type ReplyPolicy } from '../ai-config/ai-config.next-reply.js'
import type { InboxService } from '../inbox/inbox.service.js'
import type { InboxHistory } from '../inbox/inbox.history.js'
import { chatForReply, toConversationSummary, type InsightDto, type MessageRow } from '../inbox/inbox.dto.js'
import { insightsRepository, toSuggestionDto } from './insights.repository.js'
import type { InsightRow } from './insights.dto.js'
import type { KnowledgeService } from '../knowledge/knowledge.service.js'
import { KNOWLEDGE_PIECES, replyWithKnowledge } from '../../adapters/llm/knowledge-context.js'
import type { MediaService } from '../media/media.service.js'
import { isVoice, mayBeProof, textForClassifier, transferProofOnly, understandingFor, understandingSettled, unheardVoiceNote, withPaymentTag } from './insights.media.js'
import { looksLikeTransferProof, TRANSFER_PROOF_CUE } from './insights.transfer-proof.js'

/** Turns older than this say nothing about a photo sent now. */
const PROOF_CONTEXT_MS = 2 * 3600_000
/** Words sent right after a photo still describe it. */
const PROOF_AFTER_MS = 60_000

/** Stages `insight.created` inside the transaction that saves the insight. */
export type InsightAnnouncer = (tx: DbOrTx, dto: InsightDto) => Promise<PublishAfterCommit | undefined>

export interface InboundJobDeps {
  db: Db
  bus: OutboxPublisher
  aiConfig: Pick<AiConfigService, 'get' | 'profileOf' | 'llmFor'>
  inbox: Pick<InboxService, 'message' | 'history' | 'conversation' | 'enqueueOutgoing'>
  chats: Pick<InboxHistory, 'laterTurn' | 'hasReplyBy'>
  /**
   * Saves the insight once and lets the chat's chips follow it (InsightsService.saveInsight);
   * `announce` stages `insight.created` in that transaction when the insight is new.
   */
  save(tenantId: string, message: MessageRow, c: Classification, fallbackReason: string | null, cues: string[], announce: InsightAnnouncer): Promise<{ row: InsightRow; inserted: boolean; dto: InsightDto; publish?: PublishAfterCommit | undefined }>
  /** The file of a message (photos, voice notes…); absent: media messages are judged by their caption. */
  media?: Pick<MediaService, 'forMessage'>
  /** Asks the tenant's AI to transcribe or describe a stored file (the `media.understand` job). */
  startUnderstanding?(tenantId: string, mediaId: string): Promise<void>
  /** The tenant's reply policy with its numbers' overrides (absent: the shop's settings alone). */
  replyPolicy?(tenantId: string): Promise<ReplyPolicy>
  /** Runs last, once the message was classified and answered or drafted (the follow-up rules). */
  afterward(tenantId: string, conversationId: string): Promise<void>
  /** Pieces of the shop's documents for a reply (absent: answers come from the profile alone). */
  knowledge?: Pick<KnowledgeService, 'search'>
  logger: Logger
}

const turns = (rows: MessageRow[]): ChatTurn[] =>
  rows.filter((r) => r.body).map((r) => ({ from: r.direction === 'in' ? 'customer' : 'business', text: r.body!, at: r.createdAt }))

export function inboundJob(deps: InboundJobDeps) {
  const { db } = deps
  return async ({ tenantId, messageId }: { tenantId: string; messageId: string }): Promise<void> => {
    const message = await deps.inbox.message(tenantId, messageId)
    if (!message || message.direction !== 'in') return
    const config = await deps.aiConfig.get(tenantId)
    // With the numbers' own auto-reply switches (decideNextReply picks the chat's number's).
    const policy = deps.replyPolicy ? await deps.replyPolicy(tenantId) : policyOf(config)
    const profile = deps.aiConfig.profileOf(config)
    const history = turns(await deps.inbox.history(tenantId, message.conversationId, message.createdAt, 10))
    const log = deps.logger.child({ tenantId, messageId })
    // The reason is a stable code, never the provider's message (which may echo the customer's text).
    const llm = deps.aiConfig.llmFor(config, ({ operation, reason }) => log.warn({ code: reason, operation }, 'the tenant\'s AI failed; the built-in engine stands in'))

    // A file: wait for the tenant's AI to transcribe or describe it (a later run of this job
    // classifies, see media.understand), then read its words with the caption.
    const file = message.type !== 'text' ? await deps.media?.forMessage(tenantId, messageId) : undefined
    let insight = await insightsRepository.forMessage(db, tenantId, messageId)
    if (!insight && file && understandingFor(file, config) && !understandingSettled(file)) {
      // The fetch finished but nobody started the AI (a crash between the two): start it now.
      if (file.state === 'ready' && file.understanding === null) await deps.startUnderstanding?.(tenantId, file.id)
      return
    }
    const text = textForClassifier(message.body, file)
    const unheard = Boolean(file && isVoice(file) && !file.transcript)
    const proof = Boolean(file && mayBeProof(file) && looksLikeTransferProof({ own: [message.body ?? '', file.description ?? ''], recent: await proofContext(message) }))
    if (!insight && !text && !unheard && !proof) return // a photo or sticker without words: nothing to read

    // 1. One insight per message (unique on the message; a rerun finds the saved one).
    if (!insight) {
      // The adapter already retried passing trouble; the inbox is tagged anyway, offline if need be.
      const judged = unheard
        ? { classification: unheardVoiceNote(message.body), fallbackReason: null }
        : text ? await llm.classifyOrFallback({ text, history, profile }) : { classification: transferProofOnly(), fallbackReason: null }
      const { fallbackReason } = judged
      const c = proof ? withPaymentTag(judged.classification) : judged.classification
      // `insight.created` commits with the insight and the chips it set (the chat as it is then).
      const saved = await deps.save(tenantId, message, c, fallbackReason, proof ? [TRANSFER_PROOF_CUE] : [], async (tx, dto) => {
        const found = await deps.inbox.conversation(tenantId, message.conversationId, tx)
        return found ? deps.bus.stage(tx, tenantId, 'insight.created', {
          conversationId: message.conversationId, messageId, insight: dto,
          conversation: toConversationSummary(found.conversation, found.contact, policy),
        }) : undefined
      })
      insight = saved.row
      await saved.publish?.()
    }
    const c = insightsRepository.toClassification(insight)

    // Only the newest customer message of a burst is answered; a person who already answered
    // after it has it in hand (and their answer may start a follow-up).
    const later = await deps.chats.laterTurn(tenantId, message)
    if (later?.direction === 'in') return
    const found = await deps.inbox.conversation(tenantId, message.conversationId)
    if (!found) return

    // 2. Answer, draft, or leave it to a person: the decision the chat header shows.
    if (!later) {
      const next = decideNextReply(policy, chatForReply(found.conversation, c.mode, c.tags))
      // Words are needed to answer: a photo with none is left to a person (its insight says what it is).
      if (!text) { await deps.afterward(tenantId, message.conversationId); return }
      if (next.outcome === 'ai_answers' && !(await deps.chats.hasReplyBy(tenantId, messageId, 'ai'))) {
        const reply = await write(llm, { tenantId, message, text, history, c })
        // A reply that hands a question over still goes out: it says which question a person
        // will answer, so nothing the customer asked is silently dropped.
        await deps.inbox.enqueueOutgoing(tenantId, message.conversationId, reply.text, 'ai', { replyToMessageId: message.id, handoff: reply.handoff, ...(reply.sources ? { sources: reply.sources } : {}) })
      } else if (next.outcome === 'ai_drafts' && !(await insightsRepository.suggestionFor(db, tenantId, messageId))) {
        const reply = await write(llm, { tenantId, message, text, history, c })
        const saved = await insightsRepository.saveSuggestionOnce(db, tenantId, message, reply)
        if (saved.inserted) await deps.bus.publish(tenantId, 'suggestion.created', { conversationId: message.conversationId, suggestion: toSuggestionDto(saved.row) })
      }
    }

    // 3. A follow-up when the shop's answer was the last word (its listener applies the rules).
    await deps.afterward(tenantId, message.conversationId)
  }

  /**
   * The chat around a file: the turns before it, and those stored within a minute after it —
   * WhatsApp stamps in whole seconds, so "udh tf kak" and the photo sent with it share a second,
   * and people often send the photo first and the words right after.
   */
  async function proofContext(message: MessageRow): Promise<ChatTurn[]> {
    const t = message.createdAt.getTime()
    const rows = await deps.inbox.history(message.tenantId, message.conversationId, new Date(t + PROOF_AFTER_MS), 12)
    return turns(rows.filter((r) => r.id !== message.id && t - r.createdAt.getTime() < PROOF_CONTEXT_MS))
  }

  async function write(llm: LlmPort, x: { tenantId: string; message: MessageRow; text: string; history: ChatTurn[]; c: Classification }): Promise<Reply> {
    const config = await deps.aiConfig.get(x.tenantId)
    const input = {
      text: x.text, history: x.history, profile: deps.aiConfig.profileOf(config), classification: x.c,
      tone: config.tone, replyLanguage: config.replyLanguage,
    }
    const { knowledge } = deps
    return replyWithKnowledge(llm, input, knowledge ? (query) => knowledge.search(x.tenantId, query, KNOWLEDGE_PIECES) : undefined)
  }
}
