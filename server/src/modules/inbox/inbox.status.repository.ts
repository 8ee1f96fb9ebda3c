// The team's side of a conversation: status, snooze and assignee (inbox.status.ts has the rules).
import { and, eq, isNotNull, lte, sql } from 'drizzle-orm'
import type { DbOrTx } from '../../db/client.js'
import { conversations } from './inbox.tables.js'
import { conversationColumns } from './inbox.repository.js'
import type { ConversationRow } from './inbox.dto.js'

export type ConversationTeamPatch = Partial<Pick<ConversationRow, 'status' | 'snoozedUntil' | 'assigneeId'>>

export const inboxStatusRepository = {
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
