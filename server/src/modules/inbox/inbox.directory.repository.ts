// The customer directory's SQL: every contact with its chat's latest state, searched and filtered
// on the server, and the writes of the customers page and its CSV import. The inbox owns the
// contact rows; the customers module reaches them through ContactDirectory (inbox.directory.ts).
// Every function takes the tenant id first and scopes by it.
import { and, desc, eq, gte, ilike, inArray, isNotNull, isNull, lt, or, sql, type SQL } from 'drizzle-orm'
import type { DbOrTx } from '../../db/client.js'
import { newId } from '../../shared/ids.js'
import { contacts, conversationLabels, conversations, messages } from './inbox.tables.js'
import type { ContactRow } from './inbox.dto.js'

export interface DirectoryFilter {
  /** Name or number (digits), matched anywhere. */
  q?: string | undefined
  tag?: string | undefined
  labelId?: string | undefined
  /** Last message in the chat at or after / before. */
  lastContactFrom?: Date | undefined
  lastContactTo?: Date | undefined
  /** True: the customer waits for an answer; false: nobody waits (or no chat). */
  open?: boolean | undefined
  cursor?: { at: Date; id: string } | undefined
  limit: number
}

export interface DirectoryRow {
  contact: ContactRow
  conversationId: string | null
  lastMessageAt: Date | null
  waitingSince: Date | null
  tags: string[]
  labelIds: string[]
  /** The sort key: the last message, or when the chat began, or when the contact was made. */
  sortAt: Date
}

// A chat's last message, else when the chat began (a first message still on its way), else the contact's making.
const sortAt = sql<Date>`coalesce(${conversations.lastMessageAt}, ${conversations.createdAt}, ${contacts.createdAt})`
const labelIds = sql<string[]>`coalesce((select jsonb_agg(cl.label_id order by cl.position) from ${conversationLabels} cl
  where cl.tenant_id = ${conversations.tenantId} and cl.conversation_id = ${conversations.id}), '[]'::jsonb)`
  .mapWith((v: unknown): string[] => (typeof v === 'string' ? JSON.parse(v) : v) as string[])

const escapeLike = (s: string) => s.replace(/[%_\\]/g, (m) => `\\${m}`)

/** The filters on a contact and its chats (the cursor applies to the one row per contact, see list). */
function where(tenantId: string, f: Omit<DirectoryFilter, 'cursor' | 'limit'>): SQL | undefined {
  const digits = f.q?.replace(/\D/g, '')
  // "0812…" is how owners type a number; stored numbers are "62812…".
  const phoneTerm = digits && digits.length >= 3 ? (digits.startsWith('0') ? `62${digits.slice(1)}` : digits) : undefined
  const nameTerm = f.q?.trim() ? `%${escapeLike(f.q.trim())}%` : undefined
  return and(
    eq(contacts.tenantId, tenantId),
    nameTerm ? or(ilike(contacts.name, nameTerm), phoneTerm ? sql`${contacts.phone} like ${`%${phoneTerm}%`}` : undefined) : undefined,
    f.tag ? sql`${conversations.tags} @> ${JSON.stringify([f.tag])}::jsonb` : undefined,
    f.labelId ? sql`exists (select 1 from ${conversationLabels} cl where cl.tenant_id = ${conversations.tenantId} and cl.conversation_id = ${conversations.id} and cl.label_id = ${f.labelId})` : undefined,
    f.lastContactFrom ? gte(conversations.lastMessageAt, f.lastContactFrom) : undefined,
    f.lastContactTo ? lt(conversations.lastMessageAt, f.lastContactTo) : undefined,
    f.open === true ? isNotNull(conversations.waitingSince) : f.open === false ? isNull(conversations.waitingSince) : undefined,
  )
}

export const inboxDirectoryRepository = {
  /**
   * One row per contact: with its latest chat among those the filters match (a customer who chats
   * with two of the shop's numbers has a chat with each, and is still one customer on every page).
   */
  async list(db: DbOrTx, tenantId: string, f: DirectoryFilter, contactId?: string): Promise<DirectoryRow[]> {
    const picked = db.selectDistinctOn([contacts.id], {
      contactId: sql<string>`${contacts.id}`.as('picked_contact_id'), conversationId: sql<string | null>`${conversations.id}`.as('picked_conversation_id'),
      sortAt: sql<Date>`${sortAt}`.as('picked_sort_at'),
    }).from(contacts)
      .leftJoin(conversations, and(eq(conversations.tenantId, contacts.tenantId), eq(conversations.contactId, contacts.id)))
      .where(and(where(tenantId, f), contactId ? eq(contacts.id, contactId) : undefined))
      .orderBy(contacts.id, desc(sortAt), desc(conversations.id))
      .as('picked')
    const at = (d: Date) => sql`${d.toISOString()}::timestamptz`
    const { cursor } = f
    const rows = await db.select({
      contact: contacts, conversationId: conversations.id, lastMessageAt: conversations.lastMessageAt,
      waitingSince: conversations.waitingSince, tags: conversations.tags, labelIds, sortAt: picked.sortAt,
    }).from(picked)
      .innerJoin(contacts, and(eq(contacts.tenantId, tenantId), eq(contacts.id, picked.contactId)))
      .leftJoin(conversations, and(eq(conversations.tenantId, tenantId), eq(conversations.id, picked.conversationId)))
      .where(cursor ? or(lt(picked.sortAt, at(cursor.at)), and(eq(picked.sortAt, at(cursor.at)), lt(picked.contactId, cursor.id))) : undefined)
      .orderBy(desc(picked.sortAt), desc(picked.contactId)).limit(f.limit)
    return rows.map((r) => ({ ...r, tags: r.tags ?? [], labelIds: r.conversationId ? r.labelIds : [], sortAt: new Date(r.sortAt) }))
  },

  async byPhones(db: DbOrTx, tenantId: string, phones: string[]): Promise<Array<{ contact: ContactRow; conversationId: string | null; labelIds: string[] }>> {
    if (!phones.length) return []
    const rows = await db.select({ contact: contacts, conversationId: conversations.id, labelIds }).from(contacts)
      .leftJoin(conversations, and(eq(conversations.tenantId, contacts.tenantId), eq(conversations.contactId, contacts.id)))
      .where(and(eq(contacts.tenantId, tenantId), inArray(contacts.phone, phones)))
    return rows.map((r) => ({ ...r, labelIds: r.conversationId ? r.labelIds : [] }))
  },

  /** The shop's edit of a contact (only the fields given; a name given is kept from then on). */
  async update(db: DbOrTx, tenantId: string, id: string, patch: { name?: string | null; notes?: string | null }): Promise<ContactRow | undefined> {
    const [row] = await db.update(contacts).set({
      ...(patch.name !== undefined ? { name: patch.name, nameLocked: patch.name !== null } : {}),
      ...(patch.notes !== undefined ? { notes: patch.notes } : {}),
      updatedAt: new Date(),
    }).where(and(eq(contacts.tenantId, tenantId), eq(contacts.id, id))).returning()
    return row
  },

  /**
   * The chats a deletion takes (a contact's, or one conversation), locked FOR UPDATE: a message
   * being stored into them waits for the deletion, then fails its foreign key and is retried from
   * the dead letters as a new chat — never written into a chat that is going. Undefined when the
   * tenant has no such contact or conversation.
   */
  async lockForDeletion(db: DbOrTx, tenantId: string, target: { contactId: string } | { conversationId: string }): Promise<{ contactId: string; conversationIds: string[] } | undefined> {
    if ('contactId' in target) {
      const [contact] = await db.select({ id: contacts.id }).from(contacts).where(and(eq(contacts.tenantId, tenantId), eq(contacts.id, target.contactId))).for('update')
      if (!contact) return undefined
      const chats = await db.select({ id: conversations.id }).from(conversations)
        .where(and(eq(conversations.tenantId, tenantId), eq(conversations.contactId, contact.id))).for('update')
      return { contactId: contact.id, conversationIds: chats.map((c) => c.id) }
    }
    const [chat] = await db.select({ id: conversations.id, contactId: conversations.contactId }).from(conversations)
      .where(and(eq(conversations.tenantId, tenantId), eq(conversations.id, target.conversationId))).for('update')
    return chat ? { contactId: chat.contactId, conversationIds: [chat.id] } : undefined
  },

  /** Every message id of these chats (what a deletion takes with them). */
  async messageIdsOf(db: DbOrTx, tenantId: string, conversationIds: string[]): Promise<string[]> {
    if (!conversationIds.length) return []
    const rows = await db.select({ id: messages.id }).from(messages).where(and(eq(messages.tenantId, tenantId), inArray(messages.conversationId, conversationIds)))
    return rows.map((r) => r.id)
  },

  /** Deletes a contact; its conversations and everything under them go by the foreign keys' cascade. */
  async deleteContact(db: DbOrTx, tenantId: string, contactId: string): Promise<boolean> {
    const rows = await db.delete(contacts).where(and(eq(contacts.tenantId, tenantId), eq(contacts.id, contactId))).returning({ id: contacts.id })
    return rows.length > 0
  },

  /** Deletes conversations (the contact stays); messages, notes, insights, follow-ups go by cascade. */
  async deleteConversations(db: DbOrTx, tenantId: string, conversationIds: string[]): Promise<number> {
    if (!conversationIds.length) return 0
    const rows = await db.delete(conversations).where(and(eq(conversations.tenantId, tenantId), inArray(conversations.id, conversationIds))).returning({ id: conversations.id })
    return rows.length
  },

  /** A contact the shop knows only from an import: addressed by its phone-number JID. */
  async insert(db: DbOrTx, tenantId: string, c: { phone: string; name: string | null; notes: string | null }): Promise<ContactRow> {
    const jid = `${c.phone}@s.whatsapp.net`
    const [row] = await db.insert(contacts).values({ id: newId(), tenantId, jid, phone: c.phone, name: c.name, nameLocked: c.name !== null, notes: c.notes })
      .onConflictDoUpdate({ target: [contacts.tenantId, contacts.jid], set: { updatedAt: new Date() } }).returning()
    return row!
  },
}

