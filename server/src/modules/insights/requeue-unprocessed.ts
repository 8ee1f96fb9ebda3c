// The inbox stores a message first and enqueues its classification job second. A crash between
// the two (or a redelivery of a message already stored, which enqueues nothing) would leave a
// customer message that is never classified, answered or followed up. The worker sweeps for
// such messages and enqueues them again; job ids are derived from the message, so a message whose
// job is still waiting, delayed or running is not queued twice, and the job itself is idempotent.
import { and, eq, gt, isNotNull, isNull, lt, notExists, sql } from 'drizzle-orm'
import type { Db } from '../../db/client.js'
import type { JobQueues } from '../../queue/job-runtime.js'
import { messages } from '../inbox/inbox.tables.js'
import { customerInsights } from './insights.tables.js'

export interface RequeueOptions {
  /** Younger messages are left alone: their job was just added or is about to be. */
  olderThanMs: number
  /** Older ones are left alone too: a day-old chat answered now would surprise everyone. */
  newerThanMs?: number
  limit?: number
}

/** Enqueues the classification job again for stored customer messages that have no insight. Returns how many. */
export async function requeueUnprocessed(db: Db, jobs: Pick<JobQueues, 'add'>, opts: RequeueOptions): Promise<number> {
  const now = Date.now()
  // Across tenants on purpose: this is the system sweeping its own work, and each job it adds
  // carries its message's tenant.
  const rows = await db.select({ tenantId: messages.tenantId, id: messages.id }).from(messages).where(and(
    eq(messages.direction, 'in'), isNotNull(messages.body), isNull(messages.error),
    lt(messages.createdAt, new Date(now - opts.olderThanMs)), gt(messages.createdAt, new Date(now - (opts.newerThanMs ?? 86_400_000))),
    notExists(db.select({ one: sql`1` }).from(customerInsights).where(eq(customerInsights.messageId, messages.id))),
  )).limit(opts.limit ?? 500)
  for (const r of rows) await jobs.add('inbound.process', { tenantId: r.tenantId, messageId: r.id })
  return rows.length
}
