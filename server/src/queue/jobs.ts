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
    payload: z.strictObject({ tenantId: z.uuid(), messageId: z.uuid() }),
    jobId: (p) => `in-${p.messageId}`,
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
} as const

export type JobName = keyof typeof JOBS
export type JobPayload<N extends JobName> = z.output<(typeof JOBS)[N]['payload']>
export const QUEUE_NAMES = [...new Set(Object.values(JOBS).map((j) => j.queue))]
