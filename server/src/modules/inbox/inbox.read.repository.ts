// The inbox's read side: the filtered conversation list, a customer's card, and the week's
// counts the overview shows. Every function takes the tenant id first.
import { and, asc, desc, eq, gt, gte, ilike, inArray, isNotNull, isNull, lt, ne, notInArray, or, sql } from 'drizzle-orm'
import { rowsOf, type DbOrTx } from '../../db/client.js'
import { contacts, conversations, messages } from './inbox.tables.js'
import { conversationColumns, hasLabel } from './inbox.repository.js'
import type { ContactRow, ConversationRow, MessageRow } from './inbox.dto.js'

/**
 * The list is ordered by the last message, like WhatsApp and like the live updates the dashboard
 * applies. Not by updated_at: reading a chat, taking it over or fixing a tag bumps that, and rows
 * would jump on the next load. (A conversation is created with its first message, so the
 * created_at fallback is only a guard; conversations_tenant_last_activity_idx covers it.)
 */
/** Automatic notices (follow-up nudges, away messages): not the shop's word in a conversation. */
const NOT_SHOP_WORDS: Array<MessageRow['sentBy']> = ['followup', 'away']

const lastActivity = sql<Date>`coalesce(${conversations.lastMessageAt}, ${conversations.createdAt})`

export interface ConversationFilter {
  mode?: string | undefined; intent?: string | undefined; tag?: string | undefined; label?: string | undefined
  /** Chats with one of the shop's numbers. */
  deviceId?: string | undefined
  unread?: boolean; waiting?: boolean; q?: string | undefined; cursor?: { at: Date; id: string } | undefined; limit: number
  /** The team's view of the chat; `snoozed` are those still asleep, the others exclude them; `active` is open or waiting. */
  status?: 'active' | 'open' | 'waiting' | 'resolved' | 'snoozed' | undefined
  /** A teammate's chats, or (null) the unassigned ones. */
  assigneeId?: string | null | undefined
}

const asleep = sql`${conversations.snoozedUntil} is not null and ${conversations.snoozedUntil} > now()`
const statusIs = (status: NonNullable<ConversationFilter['status']>) =>
  status === 'snoozed' ? asleep
    : and(status === 'active' ? inArray(conversations.status, ['open', 'waiting']) : eq(conversations.status, status), sql`not (${asleep})`)

export type ConversationWithContact = { conversation: ConversationRow; contact: ContactRow }

export const inboxReadRepository = {
  async listConversations(db: DbOrTx, tenantId: string, f: ConversationFilter): Promise<ConversationWithContact[]> {
    const term = f.q ? `%${f.q.replace(/[%_\\]/g, (m) => `\\${m}`)}%` : undefined
    const { cursor } = f
    return db.select({ conversation: conversationColumns, contact: contacts }).from(conversations)
      .innerJoin(contacts, eq(contacts.id, conversations.contactId))
      .where(and(
        eq(conversations.tenantId, tenantId),
        f.mode ? eq(conversations.mode, f.mode) : undefined,
        f.intent ? eq(conversations.intent, f.intent) : undefined,
        f.tag ? sql`${conversations.tags} @> ${JSON.stringify([f.tag])}::jsonb` : undefined,
        f.label ? hasLabel(f.label) : undefined,
        f.deviceId ? eq(conversations.deviceId, f.deviceId) : undefined,
        f.unread ? gt(conversations.unreadCount, 0) : undefined,
        f.waiting ? isNotNull(conversations.waitingSince) : undefined,
        f.status ? statusIs(f.status) : undefined,
        f.assigneeId === null ? isNull(conversations.assigneeId) : f.assigneeId ? eq(conversations.assigneeId, f.assigneeId) : undefined,
        term ? or(ilike(contacts.name, term), ilike(contacts.phone, term), ilike(conversations.lastMessageBody, term)) : undefined,
        cursor ? or(lt(lastActivity, sql`${cursor.at.toISOString()}::timestamptz`), and(eq(lastActivity, sql`${cursor.at.toISOString()}::timestamptz`), lt(conversations.id, cursor.id))) : undefined,
      ))
      .orderBy(desc(lastActivity), desc(conversations.id)).limit(f.limit)
  },

  async contact(db: DbOrTx, tenantId: string, id: string): Promise<ContactRow | undefined> {
    const [row] = await db.select().from(contacts).where(and(eq(contacts.tenantId, tenantId), eq(contacts.id, id)))
    return row
  },

  /** The contact's latest chat (one per number of the shop they chat with): the one the customers page opens. */
  async conversationOfContact(db: DbOrTx, tenantId: string, contactId: string): Promise<{ id: string } | undefined> {
    const [row] = await db.select({ id: conversations.id }).from(conversations).where(and(eq(conversations.tenantId, tenantId), eq(conversations.contactId, contactId)))
      .orderBy(desc(lastActivity), desc(conversations.id)).limit(1)
    return row
  },

  /** The newest `limit` messages of a conversation, newest first. */
  async recentMessages(db: DbOrTx, tenantId: string, conversationId: string, limit: number): Promise<MessageRow[]> {
    return db.select().from(messages).where(and(eq(messages.tenantId, tenantId), eq(messages.conversationId, conversationId)))
      .orderBy(desc(messages.createdAt)).limit(limit)
  },

  async countByMode(db: DbOrTx, tenantId: string, from: Date): Promise<Array<{ mode: string | null; n: number }>> {
    return db.select({ mode: conversations.mode, n: sql<number>`count(*)::int` }).from(conversations)
      .where(and(eq(conversations.tenantId, tenantId), gte(conversations.lastMessageAt, from))).groupBy(conversations.mode)
  },

  async countByTag(db: DbOrTx, tenantId: string, from: Date): Promise<Array<{ tag: string; n: number }>> {
    return rowsOf<{ tag: string; n: number }>(await db.execute(sql`select t.tag, count(*)::int as n from conversations c, jsonb_array_elements_text(c.tags) as t(tag)
      where c.tenant_id = ${tenantId} and c.last_message_at >= ${from.toISOString()} group by t.tag`))
  },

  /** Messages per day in the tenant's timezone `tz`, by direction. */
  async messagesPerDay(db: DbOrTx, tenantId: string, from: Date, tz: string): Promise<Array<{ day: string; dir: string; n: number }>> {
    return rowsOf<{ day: string; dir: string; n: number }>(await db.execute(sql`select to_char(created_at at time zone ${tz}, 'YYYY-MM-DD') as day, direction as dir, count(*)::int as n
      from messages where tenant_id = ${tenantId} and created_at >= ${from.toISOString()} group by 1, 2 order by 1`))
  },

  /** Hot leads whose last message is the customer's, newest first. */
  async hotLeadsWaiting(db: DbOrTx, tenantId: string, limit: number): Promise<ConversationWithContact[]> {
    return db.select({ conversation: conversationColumns, contact: contacts }).from(conversations)
      .innerJoin(contacts, eq(contacts.id, conversations.contactId))
      .where(and(eq(conversations.tenantId, tenantId), sql`${conversations.tags} @> '["hot_lead"]'::jsonb`, eq(conversations.lastMessageDirection, 'in')))
      .orderBy(desc(conversations.lastMessageAt)).limit(limit)
  },

  /** The customer's messages of a conversation (after `after`, if given), newest first. */
  async customerMessages(db: DbOrTx, tenantId: string, conversationId: string, after: Date | undefined, limit: number): Promise<Array<{ id: string; at: Date }>> {
    return db.select({ id: messages.id, at: messages.createdAt }).from(messages)
      .where(and(eq(messages.tenantId, tenantId), eq(messages.conversationId, conversationId), eq(messages.direction, 'in'),
        after ? gt(messages.createdAt, after) : undefined))
      .orderBy(desc(messages.createdAt), desc(messages.id)).limit(limit)
  },

  /** When the shop (a person or the AI, not a nudge or away message) last wrote before `before`. */
  async shopWordBefore(db: DbOrTx, tenantId: string, conversationId: string, before: Date): Promise<Date | undefined> {
    const [row] = await db.select({ at: messages.createdAt }).from(messages).where(and(
      eq(messages.tenantId, tenantId), eq(messages.conversationId, conversationId), eq(messages.direction, 'out'),
      notInArray(messages.sentBy, NOT_SHOP_WORDS), lt(messages.createdAt, before),
    )).orderBy(desc(messages.createdAt)).limit(1)
    return row?.at
  },

  /** True when the shop (a person or the AI, not a nudge or away message) wrote after `after`. */
  async shopSpokeAfter(db: DbOrTx, tenantId: string, conversationId: string, after: Date): Promise<boolean> {
    const [row] = await db.select({ id: messages.id }).from(messages).where(and(
      eq(messages.tenantId, tenantId), eq(messages.conversationId, conversationId), eq(messages.direction, 'out'),
      notInArray(messages.sentBy, NOT_SHOP_WORDS), gt(messages.createdAt, after),
    )).limit(1)
    return Boolean(row)
  },

  /** True when the customer wrote after `since` (not counting message `exceptId`). */
  async customerWroteAfter(db: DbOrTx, tenantId: string, conversationId: string, since: Date, exceptId: string): Promise<boolean> {
    const [row] = await db.select({ id: messages.id }).from(messages).where(and(
      eq(messages.tenantId, tenantId), eq(messages.conversationId, conversationId), gt(messages.createdAt, since), ne(messages.id, exceptId),
      eq(messages.direction, 'in'),
    )).limit(1)
    return Boolean(row)
  },

  async messageTime(db: DbOrTx, tenantId: string, id: string): Promise<Date | undefined> {
    const [row] = await db.select({ at: messages.createdAt }).from(messages).where(and(eq(messages.tenantId, tenantId), eq(messages.id, id)))
    return row?.at
  },

  /** What the shop (not a nudge or away message) wrote in the conversation, newest first. */
  async shopTexts(db: DbOrTx, tenantId: string, conversationId: string, limit: number): Promise<string[]> {
    const rows = await db.select({ body: messages.body }).from(messages)
      .where(and(eq(messages.tenantId, tenantId), eq(messages.conversationId, conversationId), eq(messages.direction, 'out'), notInArray(messages.sentBy, NOT_SHOP_WORDS), isNotNull(messages.body)))
      .orderBy(desc(messages.createdAt)).limit(limit)
    return rows.map((r) => r.body!)
  },

  /** The contact of each of the conversations, by conversation id. */
  async contactsOf(db: DbOrTx, tenantId: string, conversationIds: string[]): Promise<Array<{ conversationId: string; contact: ContactRow }>> {
    if (!conversationIds.length) return []
    return db.select({ conversationId: conversations.id, contact: contacts }).from(conversations).innerJoin(contacts, eq(contacts.id, conversations.contactId))
      .where(and(eq(conversations.tenantId, tenantId), inArray(conversations.id, conversationIds)))
  },

  /** The newest message after `message` in its conversation that a customer or a person wrote, if any. */
  async laterTurn(db: DbOrTx, tenantId: string, message: MessageRow): Promise<{ direction: 'in' | 'out' } | undefined> {
    const [later] = await db.select({ direction: messages.direction }).from(messages).where(and(
      eq(messages.tenantId, tenantId), eq(messages.conversationId, message.conversationId), gt(messages.createdAt, message.createdAt), ne(messages.id, message.id),
      or(eq(messages.direction, 'in'), inArray(messages.sentBy, ['owner', 'agent', 'api'])),
    )).orderBy(asc(messages.direction)).limit(1)
    return later
  },

  /** True when a message written by `sentBy` answers message `messageId`. */
  async hasReplyBy(db: DbOrTx, tenantId: string, messageId: string, sentBy: MessageRow['sentBy']): Promise<boolean> {
    const [row] = await db.select({ id: messages.id }).from(messages)
      .where(and(eq(messages.tenantId, tenantId), eq(messages.replyToMessageId, messageId), eq(messages.sentBy, sentBy))).limit(1)
    return Boolean(row)
  },

  /** Ids of the customer's messages written after `after` in the conversation. */
  async customerMessageIdsAfter(db: DbOrTx, tenantId: string, conversationId: string, after: Date): Promise<string[]> {
    const rows = await db.select({ id: messages.id }).from(messages).where(and(eq(messages.tenantId, tenantId), eq(messages.conversationId, conversationId),
      eq(messages.direction, 'in'), gt(messages.createdAt, sql`${after.toISOString()}::timestamptz`)))
    return rows.map((r) => r.id)
  },

  /**
   * Stored customer messages with text and no error, written between `newerThan` and `olderThan`,
   * oldest first from the (time, id) `after`. Across tenants on purpose: the system sweeping its own work.
   */
  async customerMessagesBetween(db: DbOrTx, newerThan: Date, olderThan: Date, after: { at: Date; id: string } | undefined, limit: number): Promise<Array<{ tenantId: string; id: string; at: Date }>> {
    return db.select({ tenantId: messages.tenantId, id: messages.id, at: messages.createdAt }).from(messages).where(and(
      eq(messages.direction, 'in'), isNotNull(messages.body), isNull(messages.error),
      lt(messages.createdAt, olderThan), gt(messages.createdAt, newerThan),
      after ? sql`(${messages.createdAt}, ${messages.id}) > (${after.at.toISOString()}::timestamptz, ${after.id}::uuid)` : undefined,
    )).orderBy(asc(messages.createdAt), asc(messages.id)).limit(limit)
  },
}
