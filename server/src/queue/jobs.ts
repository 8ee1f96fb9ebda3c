// The only place that names queues and jobs. Payloads carry ids, never message bodies or secrets;
// job ids are derived from them so a duplicate enqueue is a no-op.
import { z } from 'zod'

export const JOBS = {
  /** Classify one new customer message, save its insight, maybe auto-reply, maybe plan a follow-up. */
  'inbound.process': { queue: 'inbound', payload: z.object({ tenantId: z.uuid(), messageId: z.uuid() }), jobId: (p: { messageId: string }) => `in-${p.messageId}` },
  /** A follow-up falls due: re-check the conversation, then send or cancel. */
  'followup.fire': { queue: 'followups', payload: z.object({ tenantId: z.uuid(), followUpId: z.uuid() }), jobId: (p: { followUpId: string }) => `fu-${p.followUpId}` },
} as const

export type JobName = keyof typeof JOBS
export type JobPayload<N extends JobName> = z.infer<(typeof JOBS)[N]['payload']>
export const QUEUE_NAMES = [...new Set(Object.values(JOBS).map((j) => j.queue))]
