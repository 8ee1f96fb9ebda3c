// Insights: what the AI made of each customer message (mode, intent, tags), its suggested answers,
// and the `inbound.process` job that produces both. It reads and writes chats through the inbox;
// the modules that care that a message was classified (follow-ups) listen with onClassified.
import type { KnowledgeService } from '../knowledge/knowledge.service.js'
import type { Logger } from 'pino'
import type { Db } from '../../db/client.js'
import type { JobQueues } from '../../queue/job-runtime.js'
import { notFound } from '../../shared/errors.js'
import type { OutboxPublisher, PublishAfterCommit } from '../realtime/realtime.bus.js'
import type { AiConfigService } from '../ai-config/ai-config.service.js'
import type { InboxService } from '../inbox/inbox.service.js'
import type { InsightDto, MessageRow } from '../inbox/inbox.dto.js'
import type { InboxHistory } from '../inbox/inbox.history.js'
import type { Classification } from '../../adapters/llm/llm.port.js'
import { inboundJob, type InsightAnnouncer } from './insights.jobs.js'
import { insightsRepository, toSuggestionDto, type SuggestionDto } from './insights.repository.js'
import { toInsightDto, type InsightRow } from './insights.dto.js'
import type { MediaService } from '../media/media.service.js'
import type { MediaRow } from '../media/media.service.js'
import { understandJobs } from './insights.understand.js'
import type { ReplyPolicy } from '../ai-config/ai-config.next-reply.js'

export interface InsightsDeps {
  db: Db
  bus: OutboxPublisher
  jobs: Pick<JobQueues, 'add'>
  aiConfig: Pick<AiConfigService, 'get' | 'profileOf' | 'llmFor' | 'mediaAiFor'>
  /** Files of messages (voice notes are transcribed, photos described; absent: captions only). */
  media?: Pick<MediaService, 'forMessage' | 'get' | 'bytes' | 'claimUnderstanding' | 'setUnderstanding'>
  inbox: Pick<InboxService, 'message' | 'history' | 'conversation' | 'enqueueOutgoing' | 'summary' | 'announceSummary' | 'setChips'>
  chats: Pick<InboxHistory, 'laterTurn' | 'hasReplyBy' | 'customerMessageIdsAfter' | 'customerMessages' | 'customerMessagesBetween'>
  /** The shop's documents, searched for every reply (absent: answers come from the profile alone). */
  knowledge?: Pick<KnowledgeService, 'search'>
  /** The reply policy with the numbers' own auto-reply switches (absent: the shop's settings alone). */
  replyPolicy?(tenantId: string): Promise<ReplyPolicy>
  logger: Logger
}

export interface RequeueOptions {
  /** Younger messages are left alone: their job was just added or is about to be. */
  olderThanMs: number
  /** Older ones are left alone too: a day-old chat answered now would surprise everyone. */
  newerThanMs?: number
  limit?: number
}

type ClassifiedListener = (tenantId: string, conversationId: string) => Promise<unknown>

export class InsightsService {
  private readonly classified: ClassifiedListener[] = []
  /** The `inbound.process` job (insights.jobs.ts). */
  readonly processInbound: ReturnType<typeof inboundJob>
  /** The `media.understand` job (insights.understand.ts); null without media. */
  readonly understand: ReturnType<typeof understandJobs> | null

  constructor(private readonly deps: InsightsDeps) {
    const { media } = deps
    const understand = media ? understandJobs({ aiConfig: deps.aiConfig, media, jobs: deps.jobs, logger: deps.logger }) : null
    this.understand = understand
    this.processInbound = inboundJob({
      ...deps,
      ...(understand ? { startUnderstanding: (tenantId: string, mediaId: string) => understand.start(tenantId, mediaId) } : {}),
      save: (tenantId, message, c, fallbackReason, cues, announce) => this.saveInsight(tenantId, message, c, fallbackReason, cues, announce),
      afterward: async (tenantId, conversationId) => { for (const listener of this.classified) await listener(tenantId, conversationId) },
    })
  }

  /**
   * Saves the insight unless the message already has one (a retried job), and makes it the
   * conversation's latest classification — in one transaction, so a crash leaves neither. Backlog
   * jobs may finish out of order: only the newest classified customer message sets the chips.
   */
  async saveInsight(tenantId: string, message: MessageRow, c: Classification, fallbackReason: string | null, cues: string[] = [], announce?: InsightAnnouncer): Promise<{ row: InsightRow; inserted: boolean; dto: InsightDto; publish?: PublishAfterCommit | undefined }> {
    return this.deps.db.transaction(async (tx) => {
      const inserted = await insightsRepository.insertOnce(tx, tenantId, message, c, fallbackReason, cues)
      if (!inserted) {
        const row = (await insightsRepository.forMessage(tx, tenantId, message.id))!
        return { row, inserted: false, dto: toInsightDto(row) }
      }
      const newer = await this.deps.chats.customerMessageIdsAfter(tenantId, message.conversationId, message.createdAt, tx)
      if (!(await insightsRepository.classifiedAmong(tx, newer)).size) {
        await this.deps.inbox.setChips(tenantId, message.conversationId, { mode: c.mode, intent: c.intent, tags: c.tags }, tx)
      }
      const dto = toInsightDto(inserted)
      return { row: inserted, inserted: true, dto, publish: await announce?.(tx, dto) }
    })
  }

  /** A message's file reached its final fetch state (MediaService.onSettled). */
  async onMediaSettled(row: MediaRow): Promise<void> { await this.understand?.onSettled(row) }

  /** Called at the end of every inbound job (the follow-up rules look at the chat then). */
  onClassified(listener: ClassifiedListener): void { this.classified.push(listener) }

  /** The insights of the given messages, by message id (shown in the thread). */
  async forMessages(tenantId: string, messageIds: string[]): Promise<Map<string, InsightDto>> {
    const rows = await insightsRepository.forMessages(this.deps.db, tenantId, messageIds)
    return new Map(rows.map((r) => [r.messageId, toInsightDto(r)]))
  }

  /** The conversation's insights, newest first (a customer's card). */
  async forConversation(tenantId: string, conversationId: string, limit = 100): Promise<InsightDto[]> {
    return (await insightsRepository.forConversation(this.deps.db, tenantId, conversationId, limit)).map(toInsightDto)
  }

  /** Products the customer asked about in the conversation, newest first (what a nudge may name). */
  productInterests(tenantId: string, conversationId: string, limit: number): Promise<string[]> {
    return insightsRepository.productInterests(this.deps.db, tenantId, conversationId, limit)
  }

  /** A person's correction of an insight's tags; the chat's chips follow when it is the latest one. */
  async correctTags(tenantId: string, conversationId: string, insightId: string, tags: string[]): Promise<InsightDto> {
    const result = await this.deps.db.transaction(async (tx) => {
      const corrected = await insightsRepository.correctTags(tx, tenantId, conversationId, insightId, tags)
      // The chat's chips follow a correction of its newest insight.
      if (corrected?.latest) await this.deps.inbox.setChips(tenantId, conversationId, { tags }, tx)
      return corrected
    })
    if (!result) throw notFound('insights.not_found', 'No such insight.')
    if (result.latest) await this.deps.inbox.announceSummary(tenantId, conversationId)
    return toInsightDto(result.row)
  }

  /** The AI's suggested answer to the chat's newest customer message, while the shop still owes it. */
  async suggestion(tenantId: string, conversationId: string): Promise<{ suggestion: SuggestionDto | null }> {
    const summary = await this.deps.inbox.summary(tenantId, conversationId) // 404 for another tenant's chat
    // Once the shop answered, a suggestion for the old message is no help.
    if (!summary.waitingSince) return { suggestion: null }
    const [newest] = await this.deps.chats.customerMessages(tenantId, conversationId, undefined, 1)
    const row = newest ? await insightsRepository.suggestionFor(this.deps.db, tenantId, newest.id) : undefined
    return { suggestion: row ? toSuggestionDto(row) : null }
  }

  /**
   * The inbox stores a message first and enqueues its classification job second. A crash between
   * the two (or a redelivery of a message already stored, which enqueues nothing) would leave a
   * customer message that is never classified, answered or followed up. The worker sweeps for
   * such messages and enqueues them again; job ids are derived from the message, so a message
   * whose job is still waiting, delayed or running is not queued twice, and the job itself is
   * idempotent. Returns how many it queued.
   */
  async requeueUnprocessed(opts: RequeueOptions): Promise<number> {
    const now = Date.now()
    const limit = opts.limit ?? 500
    const olderThan = new Date(now - opts.olderThanMs)
    const newerThan = new Date(now - (opts.newerThanMs ?? 86_400_000))
    let queued = 0
    // The inbox lists the window's customer messages page by page; those without an insight are queued.
    for (let after: { at: Date; id: string } | undefined; queued < limit;) {
      const page = await this.deps.chats.customerMessagesBetween(newerThan, olderThan, after, 1000)
      const classified = await insightsRepository.classifiedAmong(this.deps.db, page.map((m) => m.id))
      for (const m of page.filter((p) => !classified.has(p.id)).slice(0, limit - queued)) {
        await this.deps.jobs.add('inbound.process', { tenantId: m.tenantId, messageId: m.id })
        queued += 1
      }
      if (page.length < 1000) break
      after = page.at(-1)
    }
    return queued
  }
}
