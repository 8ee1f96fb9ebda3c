// Every reference from a tenant-owned row to another tenant-owned row carries the tenant id, so
// PostgreSQL itself refuses a row of one shop that points at another shop's row — whatever a bug
// in a query or a service lets through. Each case below writes such a row and expects 23503.
import { eq, sql } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { openDatabase, rowsOf, type Database, type Db } from './client.js'
import {
  aiSuggestions, contacts, conversationNotes, conversations, customerInsights, followUps, inboxTeamSettings, labels, messages, passwordResetTokens, refreshTokens, tenants, users,
  inboundDeadLetters, waCreds, waInboundSpool, waKeys, waSessions,
} from './schema.js'
import { newId } from '../shared/ids.js'

interface Shop {
  tenantId: string; userId: string; contactId: string; conversationId: string
  customerMessageId: string; aiReplyId: string; followUpId: string; labelId: string
}

const later = () => new Date(Date.now() + 3_600_000)

/** One shop with one row of every kind, all pointing at their own shop's rows. */
async function makeShop(db: Db, name: string): Promise<Shop> {
  const s: Shop = {
    tenantId: newId(), userId: newId(), contactId: newId(), conversationId: newId(),
    customerMessageId: newId(), aiReplyId: newId(), followUpId: newId(), labelId: newId(),
  }
  await db.insert(tenants).values({ id: s.tenantId, name })
  await db.insert(users).values({ id: s.userId, tenantId: s.tenantId, email: `${s.userId}@example.com`, name, role: 'owner', passwordHash: 'x' })
  await db.insert(contacts).values({ id: s.contactId, tenantId: s.tenantId, jid: '6281200000001@s.whatsapp.net', phone: '6281200000001' })
  await db.insert(waSessions).values({ id: s.tenantId, tenantId: s.tenantId })
  await db.insert(conversations).values({ id: s.conversationId, tenantId: s.tenantId, deviceId: s.tenantId, contactId: s.contactId })
  await db.insert(messages).values(message(s, s.customerMessageId, { direction: 'in', fromMe: false, status: 'received', sentBy: 'customer' }))
  await db.insert(messages).values(message(s, s.aiReplyId, { direction: 'out', fromMe: true, status: 'sent', sentBy: 'ai', replyToMessageId: s.customerMessageId }))
  await db.insert(followUps).values(followUp(s, s.followUpId, { triggerMessageId: s.aiReplyId, attempt: 1 }))
  await db.insert(labels).values({ id: s.labelId, tenantId: s.tenantId, name: 'Lunas', colour: 'green' })
  return s
}

function message(s: Shop, id: string, m: Pick<typeof messages.$inferInsert, 'direction' | 'fromMe' | 'status' | 'sentBy'> & Partial<typeof messages.$inferInsert>): typeof messages.$inferInsert {
  return { id, tenantId: s.tenantId, conversationId: s.conversationId, waId: `WA${id}`, chatJid: '6281200000001@s.whatsapp.net', body: 'Halo', ...m }
}

function followUp(s: Shop, id: string, f: Partial<typeof followUps.$inferInsert> & { attempt: number }): typeof followUps.$inferInsert {
  return { id, tenantId: s.tenantId, conversationId: s.conversationId, triggerMessageId: s.customerMessageId, dueAt: later(), status: 'scheduled', reason: 'test', ...f }
}

function insight(s: Shop, f: Partial<typeof customerInsights.$inferInsert> = {}): typeof customerInsights.$inferInsert {
  return {
    id: newId(), tenantId: s.tenantId, conversationId: s.conversationId, messageId: s.customerMessageId, mode: 'faq', intent: 'ask_price', tags: [],
    sentiment: 'neutral', summary: 'Tanya harga', needsFollowUp: false, confidence: 0.9, language: 'id', classifier: 'offline', ...f,
  }
}

function suggestion(s: Shop, f: Partial<typeof aiSuggestions.$inferInsert> = {}): typeof aiSuggestions.$inferInsert {
  return { id: newId(), tenantId: s.tenantId, conversationId: s.conversationId, messageId: s.customerMessageId, text: 'Harganya 20 ribu.', handoff: false, source: 'offline', ...f }
}

const assignLabel = (db: Db, tenantId: string, conversationId: string, labelId: string) =>
  db.execute(sql`insert into conversation_labels (tenant_id, conversation_id, label_id, position) values (${tenantId}, ${conversationId}, ${labelId}, 0)`)

/** The PostgreSQL error behind a failed query (drizzle wraps the driver's error in `cause`). */
async function refusal(write: () => Promise<unknown>): Promise<{ code?: string; constraint?: string }> {
  try {
    await write()
  } catch (err) {
    for (let e = err as { code?: string; constraint_name?: string; cause?: unknown } | undefined; e; e = e.cause as typeof e) {
      if (e.code) return { code: e.code, constraint: e.constraint_name }
    }
    throw err
  }
  return {}
}

let database: Database
let a: Shop
let b: Shop

beforeAll(async () => {
  database = await openDatabase({ url: inject('databaseUrl'), dataDir: '/unused', poolSize: 2 })
  a = await makeShop(database.db, 'Toko A')
  b = await makeShop(database.db, 'Toko B')
})
afterAll(async () => { await database.close() })

describe('a row of one shop pointing at another shop\'s row', () => {
  // [what is written, the constraint that must refuse it, the write]
  const cases: Array<[string, string, (db: Db) => Promise<unknown>]> = [
    ['a refresh token of another shop\'s user', 'refresh_tokens_user_fk',
      (db) => db.insert(refreshTokens).values({ id: newId(), tenantId: a.tenantId, userId: b.userId, familyId: newId(), tokenHash: 'h', expiresAt: later() })],
    ['a password reset link for another shop\'s user', 'password_reset_tokens_user_fk',
      (db) => db.insert(passwordResetTokens).values({ id: newId(), tenantId: a.tenantId, userId: b.userId, tokenHash: 'h', expiresAt: later() })],
    ['a password reset link made by another shop\'s owner', 'password_reset_tokens_created_by_fk',
      (db) => db.insert(passwordResetTokens).values({ id: newId(), tenantId: a.tenantId, userId: a.userId, tokenHash: 'h', expiresAt: later(), createdBy: b.userId })],
    ['a chat assigned to another shop\'s user', 'conversations_assignee_fk',
      (db) => db.update(conversations).set({ assigneeId: b.userId }).where(eq(conversations.id, a.conversationId))],
    ['an internal note written by another shop\'s user', 'conversation_notes_author_fk',
      (db) => db.insert(conversationNotes).values({ id: newId(), tenantId: a.tenantId, conversationId: a.conversationId, authorId: b.userId, authorName: 'x', body: 'x', mentions: [] })],
    ['an internal note in another shop\'s conversation', 'conversation_notes_conversation_fk',
      (db) => db.insert(conversationNotes).values({ id: newId(), tenantId: a.tenantId, conversationId: b.conversationId, authorId: a.userId, authorName: 'x', body: 'x', mentions: [] })],
    ['a round-robin turn at another shop\'s user', 'inbox_team_settings_last_assignee_fk',
      (db) => db.insert(inboxTeamSettings).values({ tenantId: a.tenantId, roundRobin: true, lastAssigneeId: b.userId })],
    ['a conversation with another shop\'s contact', 'conversations_contact_fk',
      (db) => db.insert(conversations).values({ id: newId(), tenantId: a.tenantId, deviceId: a.tenantId, contactId: b.contactId })],
    ['a conversation on another shop\'s number', 'conversations_device_fk',
      (db) => db.insert(conversations).values({ id: newId(), tenantId: a.tenantId, deviceId: b.tenantId, contactId: a.contactId })],
    ['credentials of another shop\'s number', 'wa_creds_device_fk',
      (db) => db.insert(waCreds).values({ tenantId: a.tenantId, deviceId: b.tenantId, creds: '{}' })],
    ['a Signal key of another shop\'s number', 'wa_keys_device_fk',
      (db) => db.insert(waKeys).values({ tenantId: a.tenantId, deviceId: b.tenantId, type: 'session', id: 'x.0', value: Buffer.from('x') })],
    ['a dead letter on another shop\'s number', 'inbound_dead_letters_device_fk',
      (db) => db.insert(inboundDeadLetters).values({ id: newId(), tenantId: a.tenantId, deviceId: b.tenantId, waId: 'X2', chatJid: 'x', fromMe: false, kind: 'live', raw: '{}', errorCode: 'x', nextAttemptAt: new Date() })],
    ['a spooled message of another shop\'s number', 'wa_inbound_spool_device_fk',
      (db) => db.insert(waInboundSpool).values({ tenantId: a.tenantId, deviceId: b.tenantId, waId: 'X1', attrs: '{}', plaintext: Buffer.from('x') })],
    ['a message in another shop\'s conversation', 'messages_conversation_fk',
      (db) => db.insert(messages).values(message({ ...a, conversationId: b.conversationId }, newId(), { direction: 'in', fromMe: false, status: 'received', sentBy: 'customer' }))],
    ['an AI reply answering another shop\'s message', 'messages_reply_to_fk',
      (db) => db.insert(messages).values(message(a, newId(), { direction: 'out', fromMe: true, status: 'pending', sentBy: 'ai', replyToMessageId: b.customerMessageId }))],
    ['a nudge message produced by another shop\'s follow-up', 'messages_follow_up_fk',
      (db) => db.insert(messages).values(message(a, newId(), { direction: 'out', fromMe: true, status: 'pending', sentBy: 'followup', followUpId: b.followUpId }))],
    ['a follow-up in another shop\'s conversation', 'follow_ups_conversation_fk',
      (db) => db.insert(followUps).values(followUp({ ...a, conversationId: b.conversationId }, newId(), { attempt: 2 }))],
    ['a follow-up triggered by another shop\'s message', 'follow_ups_trigger_message_fk',
      (db) => db.insert(followUps).values(followUp(a, newId(), { triggerMessageId: b.aiReplyId, attempt: 2 }))],
    ['a follow-up that sent another shop\'s message', 'follow_ups_message_fk',
      (db) => db.insert(followUps).values(followUp(a, newId(), { attempt: 3, status: 'sent', messageId: b.aiReplyId }))],
    ['an insight in another shop\'s conversation', 'customer_insights_conversation_fk',
      (db) => db.insert(customerInsights).values(insight(a, { conversationId: b.conversationId }))],
    ['an insight on another shop\'s message', 'customer_insights_message_fk',
      (db) => db.insert(customerInsights).values(insight(a, { messageId: b.customerMessageId }))],
    ['an AI suggestion in another shop\'s conversation', 'ai_suggestions_conversation_fk',
      (db) => db.insert(aiSuggestions).values(suggestion(a, { conversationId: b.conversationId }))],
    ['an AI suggestion for another shop\'s message', 'ai_suggestions_message_fk',
      (db) => db.insert(aiSuggestions).values(suggestion(a, { messageId: b.customerMessageId }))],
    ['another shop\'s label on a conversation', 'conversation_labels_label_fk',
      (db) => assignLabel(db, a.tenantId, a.conversationId, b.labelId)],
    ['a label on another shop\'s conversation', 'conversation_labels_conversation_fk',
      (db) => assignLabel(db, a.tenantId, b.conversationId, a.labelId)],
  ]

  it.each(cases)('is refused by the database: %s', async (_what, constraint, write) => {
    expect(await refusal(() => write(database.db))).toEqual({ code: '23503', constraint })
  })

  it('is refused when a row moves to another shop and leaves its references behind', async () => {
    const moved = database.db.update(messages).set({ tenantId: b.tenantId }).where(eq(messages.id, a.aiReplyId))
    expect((await refusal(() => moved)).code).toBe('23503')
  })

  it('is still accepted within one shop (the same rows, the shop\'s own ids)', async () => {
    const s = await makeShop(database.db, 'Toko C')
    await database.db.insert(passwordResetTokens).values({ id: newId(), tenantId: s.tenantId, userId: s.userId, tokenHash: 'h', expiresAt: later(), createdBy: s.userId })
    await database.db.insert(customerInsights).values(insight(s))
    await database.db.insert(aiSuggestions).values(suggestion(s))
    await database.db.insert(messages).values(message(s, newId(), { direction: 'out', fromMe: true, status: 'pending', sentBy: 'followup', followUpId: s.followUpId }))
    await database.db.update(followUps).set({ messageId: s.aiReplyId }).where(eq(followUps.id, s.followUpId))
    await assignLabel(database.db, s.tenantId, s.conversationId, s.labelId)
  })
})

describe('deleting a referenced row', () => {
  it('clears an optional reference and keeps the row in its shop (ON DELETE SET NULL of the id column only)', async () => {
    const s = await makeShop(database.db, 'Toko D')
    const { db } = database
    const maker = newId()
    await db.insert(users).values({ id: maker, tenantId: s.tenantId, email: `${maker}@example.com`, name: 'Admin', role: 'admin', passwordHash: 'x' })
    const link = newId()
    await db.insert(passwordResetTokens).values({ id: link, tenantId: s.tenantId, userId: s.userId, tokenHash: 'h', expiresAt: later(), createdBy: maker })
    await db.delete(users).where(eq(users.id, maker))
    expect((await db.select().from(passwordResetTokens).where(eq(passwordResetTokens.id, link)))[0]).toMatchObject({ tenantId: s.tenantId, createdBy: null })

    await db.delete(messages).where(eq(messages.id, s.customerMessageId))
    expect((await db.select().from(messages).where(eq(messages.id, s.aiReplyId)))[0]).toMatchObject({ tenantId: s.tenantId, replyToMessageId: null })

    // The follow-up and the nudge it sent point at each other.
    const nudge = newId()
    await db.insert(messages).values(message(s, nudge, { direction: 'out', fromMe: true, status: 'sent', sentBy: 'followup', followUpId: s.followUpId }))
    await db.update(followUps).set({ messageId: nudge }).where(eq(followUps.id, s.followUpId))
    await db.delete(messages).where(eq(messages.id, nudge))
    expect((await db.select().from(followUps).where(eq(followUps.id, s.followUpId)))[0]).toMatchObject({ tenantId: s.tenantId, messageId: null })

    const second = newId()
    await db.insert(messages).values(message(s, second, { direction: 'out', fromMe: true, status: 'sent', sentBy: 'followup', followUpId: s.followUpId }))
    await db.delete(followUps).where(eq(followUps.id, s.followUpId))
    expect((await db.select().from(messages).where(eq(messages.id, second)))[0]).toMatchObject({ tenantId: s.tenantId, followUpId: null })
  })

  it('takes a deleted label off every conversation, and a deleted conversation takes everything in it', async () => {
    const s = await makeShop(database.db, 'Toko E')
    await assignLabel(database.db, s.tenantId, s.conversationId, s.labelId)
    await database.db.delete(labels).where(eq(labels.id, s.labelId))
    const left = rowsOf<{ n: number }>(await database.db.execute(sql`select count(*)::int as n from conversation_labels where tenant_id = ${s.tenantId}`))
    expect(left[0]!.n).toBe(0)

    await database.db.insert(customerInsights).values(insight(s))
    await database.db.delete(conversations).where(eq(conversations.id, s.conversationId))
    expect(await database.db.select().from(messages).where(eq(messages.tenantId, s.tenantId))).toEqual([])
    expect(await database.db.select().from(customerInsights).where(eq(customerInsights.tenantId, s.tenantId))).toEqual([])
  })
})
