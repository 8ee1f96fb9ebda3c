// The team's handling of a chat: its status (open / waiting for the customer / resolved), a snooze
// until a time, and the teammate it is assigned to. A customer message reopens the chat inside
// the inbox's storing transaction (inbox.repository.ts touchConversation); a snooze ends with a
// delayed job at its time, and the worker's sweep catches any job Redis lost.
import type { Db } from '../../db/client.js'
import { SYSTEM, type Actor } from '../../shared/actor.js'
import type { Clock } from '../../shared/clock.js'
import { AppError, badRequest, notFound } from '../../shared/errors.js'
import type { EventPublisher } from '../realtime/realtime.bus.js'
import type { JobQueues } from '../../queue/job-runtime.js'
import type { AuthService } from '../auth/auth.service.js'
import type { InboxService } from './inbox.service.js'
import type { ConversationSummary } from './inbox.dto.js'
import type { Presence } from '../realtime/realtime.presence.js'
import { runAfterCommit, type AfterCommit, type ChatChange, type InboxEvents } from './inbox.events.js'
import { inboxStatusRepository, type ConversationTeamPatch, type TeamSettings } from './inbox.status.repository.js'

export type ConversationStatus = 'open' | 'waiting' | 'resolved'

export interface ConversationChange {
  status?: ConversationStatus | undefined
  /** A time in the future, or null to wake the chat now. */
  snoozedUntil?: Date | null | undefined
  /** A teammate's user id, or null to unassign. */
  assigneeId?: string | null | undefined
}

export interface InboxStatusDeps {
  db: Db
  clock: Clock
  bus: EventPublisher
  jobs: Pick<JobQueues, 'add'>
  inbox: Pick<InboxService, 'summary' | 'conversation'>
  members: Pick<AuthService, 'member' | 'listMembers'>
  /** Who is online now (round-robin gives new chats only to them). */
  presence: Pick<Presence, 'online'>
  /** `chat.changed` (the audit log, in the transaction) and `chat.moots_follow_ups` (resolving). */
  events: Pick<InboxEvents, 'emit'>
}

/** What a patch changed, as audit entries: one per thing changed. */
function changesOf(patch: ConversationTeamPatch, asked: ConversationChange): ChatChange[] {
  const out: ChatChange[] = []
  if (patch.assigneeId !== undefined) out.push({ action: patch.assigneeId ? 'conversation.assigned' : 'conversation.unassigned', details: { assigneeId: patch.assigneeId } })
  if (asked.status !== undefined) out.push({ action: 'conversation.status_changed', details: { status: asked.status } })
  if (asked.snoozedUntil !== undefined) {
    out.push(asked.snoozedUntil ? { action: 'conversation.snoozed', details: { until: asked.snoozedUntil.toISOString() } } : { action: 'conversation.unsnoozed', details: { until: null } })
  }
  return out
}

/** A snooze further out than this is a typo, not a plan. */
const MAX_SNOOZE_MS = 366 * 24 * 3600_000
const unprocessable = (code: string, message: string) => new AppError(code, message, 422)

export class InboxStatusService {
  constructor(private readonly deps: InboxStatusDeps) {}

  /**
   * Changes status, snooze and/or assignee in one transaction with its audit entry (and, when the
   * chat is resolved, the cancelling of its planned nudges), then tells every dashboard
   * (`conversation.updated`) and, when the assignee changed, the new assignee (`conversation.assigned`).
   */
  async change(tenantId: string, conversationId: string, change: ConversationChange, by: Actor): Promise<ConversationSummary> {
    const found = await this.deps.inbox.conversation(tenantId, conversationId)
    if (!found) throw notFound('inbox.conversation_not_found', 'No such conversation.')
    const now = this.deps.clock.now()
    const patch: ConversationTeamPatch = {}
    if (change.status !== undefined) {
      patch.status = change.status
      // Resolving or reopening by hand ends a snooze: the chat is where the person put it.
      if (change.snoozedUntil === undefined) patch.snoozedUntil = null
    }
    if (change.snoozedUntil !== undefined) {
      if (change.snoozedUntil && change.snoozedUntil.getTime() <= now.getTime()) throw badRequest('inbox.snooze_in_past', 'Pick a time in the future.')
      if (change.snoozedUntil && change.snoozedUntil.getTime() - now.getTime() > MAX_SNOOZE_MS) throw badRequest('inbox.snooze_too_far', 'Snooze for at most a year.')
      patch.snoozedUntil = change.snoozedUntil
      if (change.snoozedUntil && change.status === undefined) patch.status = 'open'
    }
    if (change.assigneeId !== undefined) {
      if (change.assigneeId !== null) await this.mustBeAssignable(tenantId, change.assigneeId)
      patch.assigneeId = change.assigneeId
    }
    const after = await this.deps.db.transaction(async (tx) => {
      const row = await inboxStatusRepository.update(tx, tenantId, conversationId, patch)
      if (!row) throw notFound('inbox.conversation_not_found', 'No such conversation.')
      const work: AfterCommit[] = []
      // A resolved chat is done: a nudge planned for it would reopen a closed matter.
      if (patch.status === 'resolved') work.push(...await this.deps.events.emit('chat.moots_follow_ups', { tx, tenantId, conversationId, reason: 'conversation_resolved' }))
      work.push(...await this.deps.events.emit('chat.changed', { tx, tenantId, conversationId, by, changes: changesOf(patch, change) }))
      return work
    })
    await runAfterCommit(after)
    if (patch.snoozedUntil) {
      await this.deps.jobs.add('conversation.wake', { tenantId, conversationId, at: patch.snoozedUntil.toISOString() }, { delayMs: patch.snoozedUntil.getTime() - now.getTime() })
    }
    const summary = await this.deps.inbox.summary(tenantId, conversationId)
    await this.deps.bus.publish(tenantId, 'conversation.updated', summary)
    if (patch.assigneeId && patch.assigneeId !== found.conversation.assigneeId) {
      await this.deps.bus.publish(tenantId, 'conversation.assigned', { conversationId, assigneeId: patch.assigneeId, by: by.type === 'user' ? by.userId : null, conversation: summary })
    }
    return summary
  }

  async settings(tenantId: string): Promise<{ roundRobin: boolean }> {
    return { roundRobin: (await inboxStatusRepository.settings(this.deps.db, tenantId)).roundRobin }
  }

  async saveSettings(tenantId: string, patch: { roundRobin: boolean }, by: Actor): Promise<{ roundRobin: boolean }> {
    return this.deps.db.transaction(async (tx) => {
      const saved = await inboxStatusRepository.saveSettings(tx, tenantId, patch)
      await this.deps.events.emit('team_settings.changed', { tx, tenantId, by, fields: Object.keys(patch).sort() })
      return { roundRobin: saved.roundRobin }
    })
  }

  /**
   * Round-robin (a tenant setting, off by default): an unassigned chat a customer is waiting in
   * goes to the next teammate who is online and may answer, in a fixed order after the last one
   * given a chat. The settings row is locked for the step, so two new chats never pick the same
   * turn; a chat someone assigned meanwhile is left alone. Returns who got it.
   */
  async autoAssign(tenantId: string, conversationId: string): Promise<string | undefined> {
    const settings: TeamSettings = await inboxStatusRepository.settings(this.deps.db, tenantId)
    if (!settings.roundRobin) return undefined
    const online = await this.deps.presence.online(tenantId)
    const candidates = (await this.deps.members.listMembers(tenantId))
      .filter((m) => m.role !== 'viewer' && online.has(m.id)).map((m) => m.id).sort()
    if (!candidates.length) return undefined
    const assigned = await this.deps.db.transaction(async (tx) => {
      const locked = await inboxStatusRepository.lockSettings(tx, tenantId)
      if (!locked?.roundRobin) return undefined
      const next = candidates.find((id) => locked.lastAssigneeId !== null && id > locked.lastAssigneeId) ?? candidates[0]!
      if (!(await inboxStatusRepository.assignIfUnassigned(tx, tenantId, conversationId, next))) return undefined
      await inboxStatusRepository.setLastAssignee(tx, tenantId, next)
      await this.deps.events.emit('chat.changed', { tx, tenantId, conversationId, by: SYSTEM, changes: [{ action: 'conversation.assigned', details: { assigneeId: next, roundRobin: true } }] })
      return next
    })
    if (!assigned) return undefined
    const summary = await this.deps.inbox.summary(tenantId, conversationId)
    await this.deps.bus.publish(tenantId, 'conversation.updated', summary)
    await this.deps.bus.publish(tenantId, 'conversation.assigned', { conversationId, assigneeId: assigned, by: null, conversation: summary })
    return assigned
  }

  /** The delayed job at a snooze's end (and the sweep, for all due): idempotent, audited as the system. */
  async wake(only?: { tenantId: string; conversationId: string }): Promise<number> {
    const woken = await this.deps.db.transaction(async (tx) => {
      const rows = await inboxStatusRepository.wakeDue(tx, this.deps.clock.now(), only)
      for (const c of rows) await this.deps.events.emit('chat.changed', { tx, tenantId: c.tenantId, conversationId: c.id, by: SYSTEM, changes: [{ action: 'conversation.woken' }] })
      return rows
    })
    for (const c of woken) await this.deps.bus.publish(c.tenantId, 'conversation.updated', await this.deps.inbox.summary(c.tenantId, c.id))
    return woken.length
  }

  /** Only a current teammate who may answer chats can be given one. */
  private async mustBeAssignable(tenantId: string, userId: string): Promise<void> {
    // Scoped by tenant: a user of another tenant and a removed member look the same — not here.
    const member = await this.deps.members.member(tenantId, userId)
    if (!member) throw unprocessable('inbox.assignee_not_member', 'This person is not on your team.')
    if (member.role === 'viewer') throw unprocessable('inbox.assignee_viewer', 'A viewer cannot answer chats; change their role first.')
  }
}
