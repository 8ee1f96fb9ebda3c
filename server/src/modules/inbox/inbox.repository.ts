// Contacts, conversations and messages. Every function takes the tenant id first.
import { and, desc, eq, getTableColumns, inArray, isNotNull, lt, or, sql, type SQL } from 'drizzle-orm'
import type { DbOrTx } from '../../db/client.js'
import { newId } from '../../shared/ids.js'
import { contacts, conversationLabels, conversations, messages, type LastMessageMedia } from './inbox.tables.js'
import type { ContactRow, ConversationRow, DeviceChip, MessageRow } from './inbox.dto.js'

const digits = (jid: string | null) => (jid ? jid.split('@')[0]!.split(':')[0]! : null)

type Pick = <T>(column: unknown, value: T) => SQL

// The subqueries name the outer table literally: drizzle writes columns unqualified in UPDATE …
// RETURNING, and an unqualified `tenant_id` inside them would be conversation_labels' own.
const labelIdsOfConversation = sql<string[]>`coalesce((select jsonb_agg(cl.label_id order by cl.position) from ${conversationLabels} cl
  where cl.tenant_id = "conversations"."tenant_id" and cl.conversation_id = "conversations"."id"), '[]'::jsonb)`
  .mapWith((v: unknown): string[] => (typeof v === 'string' ? JSON.parse(v) : v) as string[])

/**
 * The number (device) the chat is with, as its chip shows it, read with the chat in the same
 * statement (every ConversationRow read and RETURNING carries it). The sessions module owns
 * wa_sessions; this reads three of its columns by name, read-only, rather than a second round
 * trip per summary through its service.
 */
const deviceOfConversation = sql<DeviceChip>`(select json_build_object('id', d.id, 'name', d.name, 'colour', d.colour, 'removed', d.deleted_at is not null) from wa_sessions d
  where d.tenant_id = "conversations"."tenant_id" and d.id = "conversations"."device_id")`
  .mapWith((v: unknown): DeviceChip => (typeof v === 'string' ? JSON.parse(v) : v) as DeviceChip)

/** Every read that becomes a ConversationRow selects these: the row, its labels in order, and its number. */
export const conversationColumns = { ...getTableColumns(conversations), labelIds: labelIdsOfConversation, device: deviceOfConversation }

/** The inbox filter: conversations carrying the label. */
export const hasLabel = (labelId: string): SQL =>
  sql`exists (select 1 from ${conversationLabels} cl where cl.tenant_id = "conversations"."tenant_id" and cl.conversation_id = "conversations"."id" and cl.label_id = ${labelId})`

/**
 * Who owes whom an answer after message `m`: a customer message starts (or continues) a wait; a
 * real answer by the shop — a person, the owner's phone, or the AI unless it handed over — ends
 * it. A person's answer also ends an AI hand-over; an AI hand-over starts one. Follow-up nudges
 * change nothing (they only go out when nobody is waiting).
 */
function waitingPatch(m: MessageRow, handoff: boolean, pick: Pick): Partial<Record<'waitingSince' | 'handedOverAt', SQL>> {
  const at = sql`${m.createdAt.toISOString()}::timestamptz`
  if (m.direction === 'in') return { waitingSince: pick(conversations.waitingSince, sql`coalesce(${conversations.waitingSince}, ${at})`) }
  // Nudges and away messages are automatic notices: the customer still waits for an answer.
  if (m.sentBy === 'followup' || m.sentBy === 'away') return {}
  if (m.sentBy === 'ai') {
    return handoff
      ? { handedOverAt: sql`coalesce(${conversations.handedOverAt}, ${at})` }
      : { waitingSince: pick(conversations.waitingSince, sql`null`) }
  }
  return { waitingSince: pick(conversations.waitingSince, sql`null`), handedOverAt: sql`null` }
}

/**
 * The chat's status after message `m` (the team's "Terbuka / Menunggu pelanggan / Selesai"): a
 * customer writing reopens a resolved, waiting or snoozed chat; the shop answering an open chat —
 * a person (dashboard, API, the owner's phone), the AI unless it handed over, or a follow-up nudge
 * — makes it wait for the customer. The away message and an AI hand-over are no answer, so the
 * chat stays open. A resolved or snoozed chat keeps what the team set when the shop speaks.
 */
function statusPatch(m: MessageRow, handoff: boolean, pick: Pick): Partial<Record<'status' | 'snoozedUntil', SQL>> {
  if (m.direction === 'in') return { status: pick(conversations.status, 'open'), snoozedUntil: pick(conversations.snoozedUntil, sql`null`) }
  if (m.sentBy === 'away' || (m.sentBy === 'ai' && handoff)) return {}
  return { status: pick(conversations.status, sql`case when ${conversations.status} = 'open' and ${conversations.snoozedUntil} is null then 'waiting' else ${conversations.status} end`) }
}

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
      if (c.name && c.name !== found.name && !found.nameLocked) patch.name = c.name
      if (!Object.keys(patch).length) return found
      const [updated] = await db.update(contacts).set({ ...patch, updatedAt: new Date() }).where(eq(contacts.id, found.id)).returning()
      return updated!
    }
    const [row] = await db.insert(contacts).values({ id: newId(), tenantId, jid: c.pn ?? c.chatJid, phone, lid: c.lid, name: c.name })
      .onConflictDoUpdate({ target: [contacts.tenantId, contacts.jid], set: { updatedAt: new Date() } }).returning()
    return row!
  },

  /** The contact's chat with one of the tenant's numbers (a customer writing to two numbers has two). */
  async conversationFor(db: DbOrTx, tenantId: string, deviceId: string, contactId: string): Promise<ConversationRow> {
    const [row] = await db.insert(conversations).values({ id: newId(), tenantId, deviceId, contactId })
      .onConflictDoUpdate({ target: [conversations.tenantId, conversations.deviceId, conversations.contactId], set: { tenantId } }).returning(conversationColumns)
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
  async touchConversation(db: DbOrTx, tenantId: string, id: string, m: MessageRow, opts: { handoff?: boolean; media?: LastMessageMedia | null } = {}): Promise<ConversationRow> {
    const customer = m.direction === 'in'
    const newer = sql`(${conversations.lastMessageAt} is null or ${conversations.lastMessageAt} <= ${m.createdAt.toISOString()}::timestamptz)`
    const pick = <T>(column: unknown, value: T) => sql`case when ${newer} then ${value} else ${column} end`
    const [row] = await db.update(conversations).set({
      ...waitingPatch(m, opts.handoff ?? false, pick),
      lastMessageAt: sql`greatest(${conversations.lastMessageAt}, ${m.createdAt.toISOString()}::timestamptz)`,
      lastMessageBody: pick(conversations.lastMessageBody, m.body),
      lastMessageDirection: pick(conversations.lastMessageDirection, m.direction),
      lastMessageStatus: pick(conversations.lastMessageStatus, m.status),
      lastMessageType: pick(conversations.lastMessageType, m.type),
      lastMessageMedia: pick(conversations.lastMessageMedia, sql`${opts.media ? JSON.stringify(opts.media) : null}::jsonb`),
      // The newest word decides the status (statusPatch).
      ...statusPatch(m, opts.handoff ?? false, pick),
      ...(customer
        ? { unreadCount: sql`${conversations.unreadCount} + 1`, lastCustomerMessageAt: sql`greatest(${conversations.lastCustomerMessageAt}, ${m.createdAt.toISOString()}::timestamptz)` }
        : m.sentBy === 'owner' ? { unreadCount: 0 } : {}),
      updatedAt: new Date(),
    }).where(and(eq(conversations.tenantId, tenantId), eq(conversations.id, id))).returning(conversationColumns)
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
    const [row] = await db.select({ conversation: conversationColumns, contact: contacts }).from(conversations)
      .innerJoin(contacts, eq(contacts.id, conversations.contactId))
      .where(and(eq(conversations.tenantId, tenantId), eq(conversations.id, id)))
    return row
  },

  async updateConversation(db: DbOrTx, tenantId: string, id: string, patch: Partial<ConversationRow>): Promise<void> {
    await db.update(conversations).set({ ...patch, updatedAt: new Date() }).where(and(eq(conversations.tenantId, tenantId), eq(conversations.id, id)))
  },

  /**
   * Replaces the conversation's labels (in the caller's transaction). Touching the conversation
   * row first locks it, so two people setting labels at once apply one after the other. A deleted
   * label leaves every conversation by itself (ON DELETE CASCADE).
   */
  async setLabelIds(db: DbOrTx, tenantId: string, id: string, labelIds: string[]): Promise<boolean> {
    const rows = await db.update(conversations).set({ updatedAt: new Date() })
      .where(and(eq(conversations.tenantId, tenantId), eq(conversations.id, id))).returning({ id: conversations.id })
    if (!rows.length) return false
    await db.delete(conversationLabels).where(and(eq(conversationLabels.tenantId, tenantId), eq(conversationLabels.conversationId, id)))
    if (labelIds.length) await db.insert(conversationLabels).values(labelIds.map((labelId, position) => ({ tenantId, conversationId: id, labelId, position })))
    return true
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

  /**
   * Pending outgoing messages with when their customer last wrote: replies to someone who wrote
   * since `replySince` first (they are never paced), then the rest; oldest first within each, so
   * a chat (always in one lane) keeps its order.
   */
  /** `deviceIds`: only chats of these numbers (the ones connected here); all when absent. */
  async pendingOutboxLanes(db: DbOrTx, tenantId: string, replySince: Date, limit = 50, deviceIds?: string[]): Promise<Array<{ message: MessageRow; lastCustomerMessageAt: Date | null; deviceId: string }>> {
    const reply = sql<boolean>`coalesce(${conversations.lastCustomerMessageAt} >= ${replySince.toISOString()}::timestamptz, false)`
    return db.select({ message: getTableColumns(messages), lastCustomerMessageAt: conversations.lastCustomerMessageAt, deviceId: conversations.deviceId }).from(messages)
      .innerJoin(conversations, and(eq(conversations.tenantId, messages.tenantId), eq(conversations.id, messages.conversationId)))
      .where(and(eq(messages.tenantId, tenantId), eq(messages.status, 'pending'), eq(messages.fromMe, true),
        deviceIds ? inArray(conversations.deviceId, deviceIds) : undefined,
        // A paused bulk send holds its messages back.
        sql`(${messages.batchId} is null or not exists (select 1 from message_batches b where b.tenant_id = ${messages.tenantId} and b.id = ${messages.batchId} and b.status = 'paused'))`))
      .orderBy(desc(reply), messages.createdAt, messages.id).limit(limit)
  },

  /**
   * Where a pending outgoing message stands in the outbox: a reply (its own lane, not paced), held by
   * a paused batch, or behind `ahead` paced messages of the same number (the order pendingOutboxLanes sends in).
   */
  async outboxPosition(db: DbOrTx, tenantId: string, m: MessageRow, replySince: Date): Promise<{ reply: boolean; paused: boolean; ahead: number }> {
    const paused = sql<boolean>`(${messages.batchId} is not null and exists (select 1 from message_batches b where b.tenant_id = ${messages.tenantId} and b.id = ${messages.batchId} and b.status = 'paused'))`
    const reply = sql<boolean>`coalesce(${conversations.lastCustomerMessageAt} >= ${replySince.toISOString()}::timestamptz, false)`
    const join = and(eq(conversations.tenantId, messages.tenantId), eq(conversations.id, messages.conversationId))
    const [self] = await db.select({ reply, paused, deviceId: conversations.deviceId }).from(messages).innerJoin(conversations, join)
      .where(and(eq(messages.tenantId, tenantId), eq(messages.id, m.id)))
    if (!self || self.reply || self.paused) return { reply: self?.reply ?? false, paused: self?.paused ?? false, ahead: 0 }
    // Pacing is per number: only that number's paced messages are ahead.
    const [row] = await db.select({ n: sql<number>`count(*)::int` }).from(messages).innerJoin(conversations, join)
      .where(and(eq(messages.tenantId, tenantId), eq(conversations.deviceId, self.deviceId), eq(messages.status, 'pending'), eq(messages.fromMe, true), sql`not ${reply}`, sql`not ${paused}`,
        sql`(${messages.createdAt}, ${messages.id}) < (${m.createdAt.toISOString()}::timestamptz, ${m.id}::uuid)`))
    return { reply: false, paused: false, ahead: row?.n ?? 0 }
  },

  /** Counts of the batch's messages per outbox status. */
  async batchProgress(db: DbOrTx, tenantId: string, id: string): Promise<Record<string, number>> {
    const rows = await db.select({ status: messages.status, n: sql<number>`count(*)::int` }).from(messages)
      .where(and(eq(messages.tenantId, tenantId), eq(messages.batchId, id))).groupBy(messages.status)
    return Object.fromEntries(rows.map((r) => [r.status, r.n]))
  },

  /** A cancelled batch's messages that had not left yet fail (they never will). */
  /** Of `digits` (E.164 without "+"), those whose chat has at least one customer message. */
  async phonesThatWrote(db: DbOrTx, tenantId: string, digits: string[]): Promise<Set<string>> {
    if (!digits.length) return new Set()
    const rows = await db.select({ jid: contacts.jid }).from(contacts)
      .innerJoin(conversations, and(eq(conversations.tenantId, contacts.tenantId), eq(conversations.contactId, contacts.id)))
      .where(and(eq(contacts.tenantId, tenantId), inArray(contacts.jid, digits.map((d) => `${d}@s.whatsapp.net`)), isNotNull(conversations.lastCustomerMessageAt)))
    return new Set(rows.map((r) => r.jid.split('@')[0]!))
  },

  async failPendingOfBatch(db: DbOrTx, tenantId: string, id: string): Promise<MessageRow[]> {
    return db.update(messages).set({ status: 'failed', error: 'batch cancelled', updatedAt: new Date() })
      .where(and(eq(messages.tenantId, tenantId), eq(messages.batchId, id), eq(messages.status, 'pending'))).returning()
  },

  /** A removed number's chats: their messages that had not left fail (they never will). */
  async failPendingOfDevice(db: DbOrTx, tenantId: string, deviceId: string): Promise<MessageRow[]> {
    const ofDevice = db.select({ id: conversations.id }).from(conversations).where(and(eq(conversations.tenantId, tenantId), eq(conversations.deviceId, deviceId)))
    return db.update(messages).set({ status: 'failed', error: 'number removed', updatedAt: new Date() })
      .where(and(eq(messages.tenantId, tenantId), eq(messages.status, 'pending'), inArray(messages.conversationId, ofDevice))).returning()
  },

  /** Tenants (among `tenantIds`, or all) with outgoing messages waiting. */
  async tenantsWithPendingOutbox(db: DbOrTx, tenantIds?: string[]): Promise<string[]> {
    if (tenantIds && !tenantIds.length) return []
    const rows = await db.selectDistinct({ t: messages.tenantId }).from(messages)
      .where(and(tenantIds ? inArray(messages.tenantId, tenantIds) : undefined, eq(messages.status, 'pending')))
    return rows.map((r) => r.t)
  },

  /** Records why a customer message could not be processed (the message itself stays received). */
  async setMessageError(db: DbOrTx, tenantId: string, id: string, error: string): Promise<MessageRow | undefined> {
    const [row] = await db.update(messages).set({ error, updatedAt: new Date() })
      .where(and(eq(messages.tenantId, tenantId), eq(messages.id, id))).returning()
    return row
  },

  /** A send that failed: counts the attempt, keeps the error, and fails the message when `failed`. Only while still pending. */
  async recordSendFailure(db: DbOrTx, tenantId: string, id: string, attempts: number, error: string, failed: boolean): Promise<MessageRow | undefined> {
    const [row] = await db.update(messages).set({ attempts, error, ...(failed ? { status: 'failed' as const } : {}), updatedAt: new Date() })
      .where(and(eq(messages.tenantId, tenantId), eq(messages.id, id), eq(messages.status, 'pending'))).returning()
    return row
  },

  /** WhatsApp took the message: sent, if it was still pending. */
  async markSent(db: DbOrTx, tenantId: string, id: string): Promise<MessageRow | undefined> {
    const [row] = await db.update(messages).set({ status: 'sent', sentAt: new Date(), attempts: sql`${messages.attempts} + 1`, error: null, updatedAt: new Date() })
      .where(and(eq(messages.tenantId, tenantId), eq(messages.id, id), eq(messages.status, 'pending'))).returning()
    return row
  },

  /** The classification chips the list shows (mode, intent, tags), from the insights module. */
  async setChips(db: DbOrTx, tenantId: string, id: string, chips: { mode?: string; intent?: string; tags: string[] }): Promise<void> {
    await db.update(conversations).set({ ...chips, updatedAt: new Date() }).where(and(eq(conversations.tenantId, tenantId), eq(conversations.id, id)))
  },
}
