// Changes WhatsApp sends about earlier messages: reactions, edits, deletes-for-everyone. The target
// is looked up within the chat the change came from (a customer can only touch messages of their
// own conversation), by its WhatsApp id and side.
import { and, eq, or, sql } from 'drizzle-orm'
import type { DbOrTx } from '../../db/client.js'
import type { InboundMessage } from '../../adapters/whatsapp/whatsapp.port.js'
import { contacts, conversations, messages } from './inbox.tables.js'
import type { MessageRow } from './inbox.dto.js'

export const messageChangesRepository = {
  async target(db: DbOrTx, tenantId: string, m: InboundMessage): Promise<MessageRow | undefined> {
    const change = m.change!
    const sameChat = or(eq(contacts.jid, m.chatJid), m.customerLid ? eq(contacts.lid, m.customerLid) : sql`false`, m.customerPn ? eq(contacts.jid, m.customerPn) : sql`false`)
    const [row] = await db.select({ m: messages }).from(messages)
      .innerJoin(conversations, and(eq(conversations.tenantId, messages.tenantId), eq(conversations.id, messages.conversationId)))
      .innerJoin(contacts, and(eq(contacts.tenantId, conversations.tenantId), eq(contacts.id, conversations.contactId)))
      .where(and(eq(messages.tenantId, tenantId), eq(messages.waId, change.targetWaId), eq(messages.fromMe, change.targetFromMe), sameChat))
      .limit(1)
    return row?.m
  },

  /** One reaction per side: a new one replaces it, an empty one removes it. */
  async react(db: DbOrTx, tenantId: string, id: string, by: 'customer' | 'shop', emoji: string, at: Date): Promise<MessageRow | undefined> {
    const entry = JSON.stringify([{ by, emoji, at: at.toISOString() }])
    const [row] = await db.update(messages).set({
      reactions: emoji
        ? sql`(select coalesce(jsonb_agg(r), '[]'::jsonb) from jsonb_array_elements(${messages.reactions}) r where r->>'by' <> ${by}) || ${entry}::jsonb`
        : sql`(select coalesce(jsonb_agg(r), '[]'::jsonb) from jsonb_array_elements(${messages.reactions}) r where r->>'by' <> ${by})`,
      updatedAt: new Date(),
    }).where(and(eq(messages.tenantId, tenantId), eq(messages.id, id))).returning()
    return row
  },

  async edit(db: DbOrTx, tenantId: string, id: string, body: string, at: Date): Promise<MessageRow | undefined> {
    const [row] = await db.update(messages).set({ body, editedAt: at, updatedAt: new Date() })
      .where(and(eq(messages.tenantId, tenantId), eq(messages.id, id), sql`${messages.deletedAt} is null`)).returning()
    return row
  },

  /**
   * The list's preview follows a change to the chat's newest message: an edit's new words, or none
   * of a deleted one's (type `deleted`: the dashboard says "Pesan ini dihapus"). False when the
   * message is not the newest (the preview shows a later one).
   */
  async refreshPreview(db: DbOrTx, tenantId: string, row: MessageRow): Promise<boolean> {
    const deleted = row.deletedAt !== null
    const rows = await db.update(conversations).set({
      lastMessageBody: deleted ? null : row.body,
      ...(deleted ? { lastMessageType: 'deleted', lastMessageMedia: null } : {}),
      updatedAt: new Date(),
    }).where(and(eq(conversations.tenantId, tenantId), eq(conversations.id, row.conversationId), sql`${conversations.lastMessageAt} <= ${row.createdAt.toISOString()}::timestamptz`))
      .returning({ id: conversations.id })
    return rows.length > 0
  },

  /** The sender took it back: its words are not kept, the row stays so the thread shows a gap. */
  async revoke(db: DbOrTx, tenantId: string, id: string, at: Date): Promise<MessageRow | undefined> {
    const [row] = await db.update(messages).set({ body: null, quoted: null, details: null, deletedAt: at, updatedAt: new Date() })
      .where(and(eq(messages.tenantId, tenantId), eq(messages.id, id))).returning()
    return row
  },
}
