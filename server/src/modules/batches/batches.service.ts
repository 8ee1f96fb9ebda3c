// Bulk sends: one template, many numbers, one tracked batch. Every message is an ordinary outbox
// row (paced per number like any send to someone who did not write, ordered, retried), written in
// one transaction with the batch, so a batch is all there or not at all. Pause holds the rows
// back in the outbox, resume lets them go, cancel fails what has not left.
import type { Db } from '../../db/client.js'
import type { Clock } from '../../shared/clock.js'
import { newId } from '../../shared/ids.js'
import type { InboxService } from '../inbox/inbox.service.js'
import type { MessageRow } from '../inbox/inbox.dto.js'
import type { PublishAfterCommit } from '../realtime/realtime.bus.js'
import { e164Digits } from '../messages/messages.service.js'
import type { PacingConfig } from '../inbox/inbox.pacing.js'
import type { Reachability } from '../contacts/contacts.reachability.js'
import { batchesRepository, type BatchRow } from './batches.repository.js'
import { PLACEHOLDER, type BatchDto, type CreateBatchBody } from './batches.schemas.js'
import { batchFinished, batchNotFound, invalidRecipients, missingVariables } from './batches.errors.js'

/** The reason a recipient's message shows (`error`) when the number has no WhatsApp. */
export const NOT_ON_WHATSAPP = 'not on WhatsApp'

export class BatchesService {
  constructor(private readonly deps: {
    db: Db; clock: Clock; pacing: PacingConfig
    inbox: Pick<InboxService, 'conversationForPhone' | 'enqueueOutgoing' | 'afterOutgoing' | 'replyPolicy' | 'batchProgress' | 'failPendingOfBatch' | 'failOutgoing' | 'stageStatus'>
    /** The number check; absent means none. */
    reach?: Pick<Reachability, 'lookup'>
  }) {}

  async create(tenantId: string, body: CreateBatchBody): Promise<BatchDto> {
    const bad: number[] = []
    const digits = body.recipients.map((r, i) => { try { return e164Digits(r.to) } catch { bad.push(i); return '' } })
    if (bad.length) throw invalidRecipients(bad)
    const names = [...new Set([...body.template.matchAll(PLACEHOLDER)].map((m) => m[1]!))]
    const missing = body.recipients.flatMap((r, index) => names.filter((n) => r.variables[n] === undefined).map((name) => ({ index, name })))
    if (missing.length) throw missingVariables(missing)
    const policy = await this.deps.inbox.replyPolicy(tenantId)
    // Past the check budget the rest stay unchecked and go out paced: one bad number fails itself,
    // never the batch.
    const reach = this.deps.reach ? await this.deps.reach.lookup(tenantId, digits, 'unknown') : new Map<string, string>()
    const id = newId()
    const rows: MessageRow[] = []
    const announce: PublishAfterCommit[] = []
    const batch = await this.deps.db.transaction(async (tx) => {
      const row = await batchesRepository.insert(tx, { id, tenantId, template: body.template, total: body.recipients.length })
      for (const [i, r] of body.recipients.entries()) {
        const text = body.template.replace(PLACEHOLDER, (_m, name: string) => r.variables[name] ?? '')
        const conversationId = await this.deps.inbox.conversationForPhone(tx, tenantId, digits[i]!)
        const message = await this.deps.inbox.enqueueOutgoing(tenantId, conversationId, text, 'api', { db: tx, policy, batchId: id })
        if (message && reach.get(digits[i]!) === 'no') {
          const gone = await this.deps.inbox.failOutgoing(tx, tenantId, message.id, NOT_ON_WHATSAPP)
          // A recipient that will never be sent to is a failed send like any other: integrators see it.
          if (gone) announce.push(await this.deps.inbox.stageStatus(tx, tenantId, gone))
        } else if (message) rows.push(message)
      }
      return row
    })
    for (const m of rows) await this.deps.inbox.afterOutgoing(tenantId, m)
    for (const publish of announce) await publish()
    return this.toDto(batch)
  }

  async get(tenantId: string, id: string): Promise<BatchDto> {
    const row = await batchesRepository.get(this.deps.db, tenantId, id)
    if (!row) throw batchNotFound()
    return this.toDto(row)
  }

  /** The newest batches, with their progress. */
  async list(tenantId: string, limit = 20): Promise<BatchDto[]> {
    const rows = await batchesRepository.list(this.deps.db, tenantId, limit)
    return Promise.all(rows.map((r) => this.toDto(r)))
  }

  async act(tenantId: string, id: string, action: 'pause' | 'resume' | 'cancel'): Promise<BatchDto> {
    const row = await batchesRepository.get(this.deps.db, tenantId, id)
    if (!row) throw batchNotFound()
    if (row.status === 'cancelled') throw batchFinished()
    const status = action === 'pause' ? 'paused' : action === 'resume' ? 'running' : 'cancelled'
    const { updated, announce } = await this.deps.db.transaction(async (tx) => {
      const r = await batchesRepository.setStatus(tx, tenantId, id, status)
      const failed = status === 'cancelled' ? await this.deps.inbox.failPendingOfBatch(tx, tenantId, id) : []
      const announce: PublishAfterCommit[] = []
      for (const m of failed) announce.push(await this.deps.inbox.stageStatus(tx, tenantId, m))
      return { updated: r!, announce }
    })
    for (const publish of announce) await publish()
    return this.toDto(updated)
  }

  private async toDto(row: BatchRow): Promise<BatchDto> {
    const counts = await this.deps.inbox.batchProgress(row.tenantId, row.id)
    const progress = { pending: counts.pending ?? 0, sent: counts.sent ?? 0, delivered: counts.delivered ?? 0, read: counts.read ?? 0, failed: counts.failed ?? 0 }
    // At the sustained pace (burst aside, jitter on average): an estimate, shown as one.
    const gapMs = 60_000 / this.deps.pacing.perMinute + this.deps.pacing.jitterMs / 2
    const expectedDoneAt = row.status === 'running' && progress.pending > 0 ? new Date(this.deps.clock.now().getTime() + progress.pending * gapMs).toISOString() : null
    return {
      id: row.id, status: row.status === 'running' && progress.pending === 0 ? 'done' : row.status, total: row.total, progress,
      expectedDoneAt, createdAt: row.createdAt.toISOString(),
    }
  }
}
