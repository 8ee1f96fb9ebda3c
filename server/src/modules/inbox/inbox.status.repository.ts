// The team's side of a conversation: status, snooze and assignee (inbox.status.ts has the rules).
import { and, eq, isNotNull, isNull, lte, sql } from 'drizzle-orm'
import type { DbOrTx } from '../../db/client.js'
import { conversations, inboxTeamSettings } from './inbox.tables.js'
import { conversationColumns } from './inbox.repository.js'
import type { ConversationRow } from './inbox.dto.js'

export type ConversationTeamPatch = Partial<Pick<ConversationRow, 'status' | 'snoozedUntil' | 'assigneeId'>>

export interface TeamSettings { roundRobin: boolean; lastAssigneeId: string | null }
const DEFAULT_SETTINGS: TeamSettings = { roundRobin: false, lastAssigneeId: null }

export const inboxStatusRepository = {
  async settings(db: DbOrTx, tenantId: string): Promise<TeamSettings> {
    const [row] = await db.select({ roundRobin: inboxTeamSettings.roundRobin, lastAssigneeId: inboxTeamSettings.lastAssigneeId })
      .from(inboxTeamSettings).where(eq(inboxTeamSettings.tenantId, tenantId))
    return row ?? DEFAULT_SETTINGS
  },

  async saveSettings(db: DbOrTx, tenantId: string, patch: { roundRobin: boolean }): Promise<TeamSettings> {
    const [row] = await db.insert(inboxTeamSettings).values({ tenantId, ...patch })
      .onConflictDoUpdate({ target: inboxTeamSettings.tenantId, set: { ...patch, updatedAt: new Date() } })
      .returning({ roundRobin: inboxTeamSettings.roundRobin, lastAssigneeId: inboxTeamSettings.lastAssigneeId })
    return row!
  },

  /** The settings row, locked until the transaction ends: one rotation step at a time. */
  async lockSettings(db: DbOrTx, tenantId: string): Promise<TeamSettings | undefined> {
    const [row] = await db.select({ roundRobin: inboxTeamSettings.roundRobin, lastAssigneeId: inboxTeamSettings.lastAssigneeId })
      .from(inboxTeamSettings).where(eq(inboxTeamSettings.tenantId, tenantId)).for('update')
    return row
  },

  async setLastAssignee(db: DbOrTx, tenantId: string, userId: string): Promise<void> {
    await db.update(inboxTeamSettings).set({ lastAssigneeId: userId, updatedAt: new Date() }).where(eq(inboxTeamSettings.tenantId, tenantId))
  },

  /** Assigns only a chat nobody has yet (a person's choice always wins over the rotation). */
  async assignIfUnassigned(db: DbOrTx, tenantId: string, id: string, userId: string): Promise<boolean> {
    const rows = await db.update(conversations).set({ assigneeId: userId, updatedAt: new Date() })
      .where(and(eq(conversations.tenantId, tenantId), eq(conversations.id, id), isNull(conversations.assigneeId))).returning({ id: conversations.id })
    return rows.length > 0
  },

  async update(db: DbOrTx, tenantId: string, id: string, patch: ConversationTeamPatch): Promise<ConversationRow | undefined> {
    const [row] = await db.update(conversations).set({ ...patch, updatedAt: new Date() })
      .where(and(eq(conversations.tenantId, tenantId), eq(conversations.id, id))).returning(conversationColumns)
    return row
  },

  /**
   * Wakes snoozed chats whose time came (one tenant's one chat, or all due ones for the sweep).
   * The WHERE clause makes it idempotent: a chat already awake (or snoozed again, later) is left alone.
   */
  async wakeDue(db: DbOrTx, now: Date, only?: { tenantId: string; conversationId: string }): Promise<Array<{ tenantId: string; id: string }>> {
    return db.update(conversations).set({ snoozedUntil: null, status: 'open', updatedAt: now })
      .where(and(
        isNotNull(conversations.snoozedUntil), lte(conversations.snoozedUntil, sql`${now.toISOString()}::timestamptz`),
        only ? eq(conversations.tenantId, only.tenantId) : undefined, only ? eq(conversations.id, only.conversationId) : undefined,
      )).returning({ tenantId: conversations.tenantId, id: conversations.id })
  },
}
