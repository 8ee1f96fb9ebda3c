// The only place that names queues and jobs. Payloads carry ids, never message bodies or secrets;
// job ids are derived from them so a duplicate enqueue is a no-op (BullMQ ids must not contain
// `:`, and uuids do not).
import { z } from 'zod'

export interface JobDef<P extends z.ZodType> {
  queue: string
  payload: P
  jobId(payload: z.output<P>): string
  /** Completed jobs kept for inspection; 0 frees the id at once so the same id can be armed again. */
  keepCompleted?: number
}

const job = <P extends z.ZodType>(def: JobDef<P>) => def

export const JOBS = {
  /** Classify one new customer message, save its insight, maybe auto-reply, maybe plan a follow-up. */
  'inbound.process': job({
    queue: 'inbound',
    // `round`: run again once the message's file was fetched or read by the AI (insights.understand.ts).
    payload: z.strictObject({ tenantId: z.uuid(), messageId: z.uuid(), round: z.enum(['media', 'understood']).optional() }),
    jobId: (p) => (p.round ? `in-${p.messageId}-${p.round}` : `in-${p.messageId}`),
  }),
  /**
   * A follow-up falls due: re-check the conversation, then send or cancel. Completed jobs are
   * dropped at once so the database sweep can re-arm a row whose delayed job Redis lost.
   */
  'followup.fire': job({
    queue: 'followups',
    payload: z.strictObject({ tenantId: z.uuid(), followUpId: z.uuid() }),
    jobId: (p) => `fu-${p.followUpId}`,
    keepCompleted: 0,
  }),
  /**
   * A customer has waited `since` then for the shop's answer: when the tenant's threshold passes,
   * re-check and alert the owner once (`conversation.waiting`). Swept like follow-ups.
   */
  'conversation.waiting': job({
    queue: 'waiting',
    payload: z.strictObject({ tenantId: z.uuid(), conversationId: z.uuid(), since: z.iso.datetime() }),
    jobId: (p) => `wait-${p.conversationId}-${Date.parse(p.since)}`,
    keepCompleted: 0,
  }),
  /**
   * Push one stored webhook delivery to its endpoint. Attempts and back-off come from the config
   * (WEBHOOK_*); `round` changes when a dead letter is redelivered, so the new job gets a new id.
   */
  'webhook.deliver': job({
    queue: 'webhooks',
    // endpointId lets the worker check the endpoint's concurrency before reading the database.
    payload: z.strictObject({ tenantId: z.uuid(), deliveryId: z.uuid(), round: z.number().int().min(0), endpointId: z.uuid().optional() }),
    jobId: (p) => `wh-${p.deliveryId}-${p.round}`,
  }),
  /**
   * Fetch the file of a stored inbound message from WhatsApp into the media store (thumbnail
   * too). Its own queue, so slow downloads never hold up classification; retried with back-off.
   */
  'media.fetch': job({
    queue: 'media',
    payload: z.strictObject({ tenantId: z.uuid(), mediaId: z.uuid() }),
    jobId: (p) => `media-${p.mediaId}`,
  }),
  /**
   * The tenant's AI transcribes a voice note or describes a photo, then the message is classified
   * again. Its own queue: a slow provider never holds up downloads or text messages.
   */
  'media.understand': job({
    queue: 'media-ai',
    payload: z.strictObject({ tenantId: z.uuid(), mediaId: z.uuid() }),
    jobId: (p) => `mai-${p.mediaId}`,
  }),
  /**
   * Read an uploaded knowledge-base document (or the owner's edit of its text) and index it. The
   * revision is part of the id: an edit queues a new job, and the older one then changes nothing.
   */
  'knowledge.process': job({
    queue: 'knowledge',
    payload: z.strictObject({ tenantId: z.uuid(), documentId: z.uuid(), revision: z.number().int().min(1) }),
    jobId: (p) => `kn-${p.documentId}-${p.revision}`,
  }),
  /**
   * A snoozed chat's time came: wake it (reopen, tell the dashboards). Idempotent; a snooze moved
   * later leaves the earlier job nothing to do. Swept as well, in case Redis lost the job.
   */
  'conversation.wake': job({
    queue: 'waiting',
    payload: z.strictObject({ tenantId: z.uuid(), conversationId: z.uuid(), at: z.iso.datetime() }),
    jobId: (p) => `wake-${p.conversationId}-${Date.parse(p.at)}`,
    keepCompleted: 0,
  }),
} as const

export type JobName = keyof typeof JOBS
export type JobPayload<N extends JobName> = z.output<(typeof JOBS)[N]['payload']>
export const QUEUE_NAMES = [...new Set(Object.values(JOBS).map((j) => j.queue))]
