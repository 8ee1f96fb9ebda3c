// Contacts, conversations and messages. Every function takes the tenant id first.
import { and, desc, eq, inArray, lt, or, sql, type SQL } from 'drizzle-orm'
import type { DbOrTx } from '../../db/client.js'
import { newId } from '../../shared/ids.js'
import { contacts, conversations, messages } from './inbox.tables.js'
import type { ContactRow, ConversationRow, MessageRow } from './inbox.dto.js'

const digits = (jid: string | null) => (jid ? jid.split('@')[0]!.split(':')[0]! : null)

export const inboxRepository = {
  /**
   * Finds the contact by phone-number JID or LID and fills in whichever address was missing, or
   * creates it. Both forms of one customer always end up on one row.
   */
  async upsertContact(db: DbOrTx, tenantId: string, c: { pn: string | null; lid: string | null; chatJid: string; name: string | null }): Promise<ContactRow> {
    const phone = digits(c.pn)
    const match: SQL[] = []
    if (phone) match.push(eq(contacts.phone, phone))
    if (c.lid) match.push(eq(contacts.lid, c.lid))
    match.push(eq(contacts.jid, c.chatJid))
    const [found] = await db.select().from(contacts).where(and(eq(contacts.tenantId, tenantId), or(...match))).limit(1)
    if (found) {
      const patch: Partial<ContactRow> = {}
      if (phone && !found.phone) { patch.phone = phone; patch.jid = c.pn! }
      if (c.lid && !found.lid) patch.lid = c.lid
      if (c.name && c.name !== found.name) patch.name = c.name
      if (!Object.keys(patch).length) return found
      const [updated] = await db.update(contacts).set({ ...patch, updatedAt: new Date() }).where(eq(contacts.id, found.id)).returning()
      return updated!
    }
    const [row] = await db.insert(contacts).values({ id: newId(), tenantId, jid: c.pn ?? c.chatJid, phone, lid: c.lid, name: c.name })
      .onConflictDoUpdate({ target: [contacts.tenantId, contacts.jid], set: { updatedAt: new Date() } }).returning()
    return row!
  },

  async conversationFor(db: DbOrTx, tenantId: string, contactId: string): Promise<ConversationRow> {
    const [row] = await db.insert(conversations).values({ id: newId(), tenantId, contactId })
      .onConflictDoUpdate({ target: [conversations.tenantId, conversations.contactId], set: { tenantId } }).returning()
    return row!
  },

  /** Inserts unless (tenant, chat, wa id, from_me) exists; returns the new row or undefined. */
  async insertMessageOnce(db: DbOrTx, tenantId: string, row: Omit<typeof messages.$inferInsert, 'tenantId' | 'id'>): Promise<MessageRow | undefined> {
    const [inserted] = await db.insert(messages).values({ ...row, id: newId(), tenantId }).onConflictDoNothing().returning()
    return inserted
  },

  /**
   * Records a new message on its conversation. A backlog message older than what the list already
   * shows does not become the "last message"; an owner reply from the phone means it was read.
   */
  async touchConversation(db: DbOrTx, tenantId: string, id: string, m: MessageRow): Promise<ConversationRow> {
    const customer = m.direction === 'in'
    const newer = sql`(${conversations.lastMessageAt} is null or ${conversations.lastMessageAt} <= ${m.createdAt.toISOString()}::timestamptz)`
    const pick = <T>(column: unknown, value: T) => sql`case when ${newer} then ${value} else ${column} end`
    const [row] = await db.update(conversations).set({
      lastMessageAt: sql`greatest(${conversations.lastMessageAt}, ${m.createdAt.toISOString()}::timestamptz)`,
      lastMessageBody: pick(conversations.lastMessageBody, m.body),
      lastMessageDirection: pick(conversations.lastMessageDirection, m.direction),
      lastMessageStatus: pick(conversations.lastMessageStatus, m.status),
      ...(customer
        ? { unreadCount: sql`${conversations.unreadCount} + 1`, lastCustomerMessageAt: sql`greatest(${conversations.lastCustomerMessageAt}, ${m.createdAt.toISOString()}::timestamptz)` }
        : m.sentBy === 'owner' ? { unreadCount: 0 } : {}),
      updatedAt: new Date(),
    }).where(and(eq(conversations.tenantId, tenantId), eq(conversations.id, id))).returning()
    return row!
  },

  /**
   * Moves an outgoing message's status forward only: the WHERE clause names the states it may
   * come from, so concurrent or reordered receipts can never move it back.
   */
  async advanceStatus(db: DbOrTx, tenantId: string, waId: string, to: MessageRow['status'], from: MessageRow['status'][]): Promise<MessageRow | undefined> {
    const [row] = await db.update(messages).set({ status: to, updatedAt: new Date() })
      .where(and(eq(messages.tenantId, tenantId), eq(messages.waId, waId), eq(messages.fromMe, true), inArray(messages.status, from))).returning()
    return row
  },

  /** Keeps the list's "last message" tick in step when that message is the one that moved. */
  async updateConversationStatus(db: DbOrTx, tenantId: string, m: MessageRow): Promise<void> {
    await db.update(conversations).set({ lastMessageStatus: m.status })
      .where(and(eq(conversations.tenantId, tenantId), eq(conversations.id, m.conversationId), eq(conversations.lastMessageAt, m.createdAt), eq(conversations.lastMessageDirection, 'out')))
  },

  async getConversation(db: DbOrTx, tenantId: string, id: string): Promise<{ conversation: ConversationRow; contact: ContactRow } | undefined> {
    const [row] = await db.select({ conversation: conversations, contact: contacts }).from(conversations)
      .innerJoin(contacts, eq(contacts.id, conversations.contactId))
      .where(and(eq(conversations.tenantId, tenantId), eq(conversations.id, id)))
    return row
  },

  async updateConversation(db: DbOrTx, tenantId: string, id: string, patch: Partial<ConversationRow>): Promise<void> {
    await db.update(conversations).set({ ...patch, updatedAt: new Date() }).where(and(eq(conversations.tenantId, tenantId), eq(conversations.id, id)))
  },

  async getMessage(db: DbOrTx, tenantId: string, id: string): Promise<MessageRow | undefined> {
    const [row] = await db.select().from(messages).where(and(eq(messages.tenantId, tenantId), eq(messages.id, id)))
    return row
  },

  async findOutgoingByWaId(db: DbOrTx, tenantId: string, waId: string): Promise<MessageRow | undefined> {
    const [row] = await db.select().from(messages).where(and(eq(messages.tenantId, tenantId), eq(messages.waId, waId), eq(messages.fromMe, true))).limit(1)
    return row
  },

  /** The conversation so far, oldest first, before (and excluding) `beforeCreatedAt`. */
  async history(db: DbOrTx, tenantId: string, conversationId: string, before: Date, limit = 10): Promise<MessageRow[]> {
    const rows = await db.select().from(messages)
      .where(and(eq(messages.tenantId, tenantId), eq(messages.conversationId, conversationId), lt(messages.createdAt, before)))
      .orderBy(desc(messages.createdAt)).limit(limit)
    return rows.reverse()
  },

  async messagesPage(db: DbOrTx, tenantId: string, conversationId: string, opts: { limit: number; before?: { at: Date; id: string } }): Promise<MessageRow[]> {
    const cursor = opts.before ? or(lt(messages.createdAt, opts.before.at), and(eq(messages.createdAt, opts.before.at), lt(messages.id, opts.before.id))) : undefined
    return db.select().from(messages)
      .where(and(eq(messages.tenantId, tenantId), eq(messages.conversationId, conversationId), cursor))
      .orderBy(desc(messages.createdAt), desc(messages.id)).limit(opts.limit)
  },

  async pendingOutbox(db: DbOrTx, tenantId: string, limit = 50): Promise<MessageRow[]> {
    return db.select().from(messages)
      .where(and(eq(messages.tenantId, tenantId), eq(messages.status, 'pending'), eq(messages.fromMe, true)))
      .orderBy(messages.createdAt, messages.id).limit(limit)
  },

  /** Tenants (among `tenantIds`, or all) with outgoing messages waiting. */
  async tenantsWithPendingOutbox(db: DbOrTx, tenantIds?: string[]): Promise<string[]> {
    if (tenantIds && !tenantIds.length) return []
    const rows = await db.selectDistinct({ t: messages.tenantId }).from(messages)
      .where(and(tenantIds ? inArray(messages.tenantId, tenantIds) : undefined, eq(messages.status, 'pending')))
    return rows.map((r) => r.t)
  },
}
