// "Andi menunggu jawaban 30 menit": when a customer has waited the tenant's threshold for the
// shop's answer, the owner gets one `conversation.waiting` event (the dashboard turns it into a
// browser notification). A delayed job per wait, re-checked when it fires: the shop may have
// answered meanwhile. One alert per wait, however often the job runs (a row update claims it),
// and a sweep re-arms waits whose job Redis lost. Quiet hours do not apply: they keep messages
// away from customers at night, while this alert only reaches a dashboard the owner has open,
// and a customer waiting at night is waiting all the same (the chat shows "Menunggu" either way).
import type { Db } from '../../db/client.js'
import type { Clock } from '../../shared/clock.js'
import type { JobQueues } from '../../queue/job-runtime.js'
import type { EventPublisher } from '../realtime/realtime.bus.js'
import type { AiConfigService } from '../ai-config/ai-config.service.js'
import type { ConversationSummary } from './inbox.dto.js'
import { WAITING_ALERT_MIN_MINUTES } from '../ai-config/ai-config.schemas.js'
import { waitingRepository } from './inbox.waiting.repository.js'

const MINUTE = 60_000

export interface WaitingAlertDeps {
  db: Db
  bus: EventPublisher
  jobs: Pick<JobQueues, 'add'>
  clock: Clock
  aiConfig: Pick<AiConfigService, 'get'>
  summary(tenantId: string, conversationId: string): Promise<ConversationSummary>
}

export class WaitingAlerts {
  constructor(private readonly deps: WaitingAlertDeps) {}

  /** A wait began at `since`: arm its alert (a no-op when it is armed already). */
  async arm(tenantId: string, conversationId: string, since: Date): Promise<void> {
    const rule = (await this.deps.aiConfig.get(tenantId)).waitingAlert
    if (!rule.enabled) return
    const due = since.getTime() + rule.afterMinutes * MINUTE
    await this.deps.jobs.add('conversation.waiting', { tenantId, conversationId, since: since.toISOString() }, { delayMs: due - this.deps.clock.now().getTime() })
  }

  /** The job: still waiting since then, threshold passed, not alerted yet → alert once. */
  async fire(p: { tenantId: string; conversationId: string; since: string }, delayUntil: (at: Date) => Promise<never>): Promise<void> {
    const rule = (await this.deps.aiConfig.get(p.tenantId)).waitingAlert
    if (!rule.enabled) return
    const since = new Date(p.since)
    const due = since.getTime() + rule.afterMinutes * MINUTE
    // The owner raised the threshold after the job was armed.
    if (due > this.deps.clock.now().getTime() + 1000) return delayUntil(new Date(due))
    if (!(await waitingRepository.claimAlert(this.deps.db, p.tenantId, p.conversationId, since, this.deps.clock.now()))) return
    const conversation = await this.deps.summary(p.tenantId, p.conversationId)
    const waitingMinutes = Math.max(0, Math.floor((this.deps.clock.now().getTime() - since.getTime()) / MINUTE))
    await this.deps.bus.publish(p.tenantId, 'conversation.waiting', { conversation, waitingMinutes })
  }

  /** Re-arms unalerted waits whose job Redis may have lost (the database is the truth). */
  async sweep(): Promise<number> {
    // Younger waits than the smallest threshold cannot be due; a day is the largest threshold.
    const now = this.deps.clock.now().getTime()
    const rows = await waitingRepository.unalerted(this.deps.db, new Date(now - 25 * 60 * MINUTE), new Date(now - WAITING_ALERT_MIN_MINUTES * MINUTE))
    for (const r of rows) await this.arm(r.tenantId, r.conversationId, r.since)
    return rows.length
  }
}
