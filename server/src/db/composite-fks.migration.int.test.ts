// The composite tenant keys arrive on databases that already hold shops' data: the migration must
// run on PostgreSQL (postgres.js) and on the embedded PGlite, keep every row, move the labels of
// each chat into conversation_labels in their order, and clear links to rows that are gone.
import { sql } from 'drizzle-orm'
import { expect } from 'vitest'
import { rowsOf, type Database } from './client.js'
import { describeUpgrade } from '../../test/migrations.js'
import { newId } from '../shared/ids.js'

const MIGRATION = 'composite_tenant_fks'

const ids = () => ({
  tenant: newId(), owner: newId(), removedAdmin: newId(), contact: newId(), conversation: newId(),
  customerMessage: newId(), aiReply: newId(), followUp: newId(), lunas: newId(), dikirim: newId(), link: newId(),
})
type Ids = ReturnType<typeof ids>

/** Two shops' rows written with the old schema (labels as a JSON array on the conversation). */
async function seedOldSchema(database: Database, a: Ids, b: Ids): Promise<void> {
  const run = (q: ReturnType<typeof sql>) => database.db.execute(q)
  for (const s of [a, b]) {
    await run(sql`insert into tenants (id, name) values (${s.tenant}, 'Toko')`)
    await run(sql`insert into users (id, tenant_id, email, name, role, password_hash) values (${s.owner}, ${s.tenant}, ${`${s.owner}@example.com`}, 'Sri', 'owner', 'x')`)
    await run(sql`insert into labels (id, tenant_id, name, colour) values (${s.lunas}, ${s.tenant}, 'Lunas', 'green'), (${s.dikirim}, ${s.tenant}, 'Dikirim', 'blue')`)
    await run(sql`insert into contacts (id, tenant_id, jid, phone) values (${s.contact}, ${s.tenant}, '6281200000001@s.whatsapp.net', '6281200000001')`)
  }
  // Shop A's chat carries Dikirim then Lunas, a repeat, shop B's label and a stray string: only
  // A's own labels survive, in their first order.
  await run(sql`insert into conversations (id, tenant_id, contact_id, label_ids) values
    (${a.conversation}, ${a.tenant}, ${a.contact}, ${JSON.stringify([a.dikirim, a.lunas, a.dikirim, b.lunas, 'nope'])}::jsonb),
    (${b.conversation}, ${b.tenant}, ${b.contact}, '[]'::jsonb)`)
  for (const s of [a, b]) {
    await run(sql`insert into messages (id, tenant_id, conversation_id, wa_id, chat_jid, from_me, direction, body, status, sent_by) values
      (${s.customerMessage}, ${s.tenant}, ${s.conversation}, 'WA1', '6281200000001@s.whatsapp.net', false, 'in', 'Halo', 'received', 'customer')`)
    await run(sql`insert into follow_ups (id, tenant_id, conversation_id, trigger_message_id, attempt, due_at, status, reason)
      values (${s.followUp}, ${s.tenant}, ${s.conversation}, ${s.customerMessage}, 1, now(), 'sent', 'test')`)
    await run(sql`insert into messages (id, tenant_id, conversation_id, wa_id, chat_jid, from_me, direction, body, status, sent_by, reply_to_message_id, follow_up_id) values
      (${s.aiReply}, ${s.tenant}, ${s.conversation}, 'WA2', '6281200000001@s.whatsapp.net', true, 'out', 'Siap', 'sent', 'ai', ${s.customerMessage}, ${s.followUp})`)
    await run(sql`update follow_ups set message_id = ${s.aiReply} where id = ${s.followUp}`)
  }
  // A reset link made by an admin who was removed since: the old schema kept the dangling id.
  await run(sql`insert into password_reset_tokens (id, tenant_id, user_id, token_hash, expires_at, created_by)
    values (${a.link}, ${a.tenant}, ${a.owner}, 'h', now(), ${a.removedAdmin})`)
}

/** What the upgrade must have made of seedOldSchema's rows. */
async function check(database: Database, { a, b }: { a: Ids; b: Ids }): Promise<void> {
  const q = async <T>(query: ReturnType<typeof sql>) => rowsOf<T>(await database.db.execute(query))
  expect(await q(sql`select label_id, position from conversation_labels where tenant_id = ${a.tenant} order by position`))
    .toEqual([{ label_id: a.dikirim, position: 0 }, { label_id: a.lunas, position: 1 }])
  expect(await q(sql`select count(*)::int as n from conversation_labels where tenant_id = ${b.tenant}`)).toEqual([{ n: 0 }])
  expect(await q(sql`select created_by from password_reset_tokens where id = ${a.link}`)).toEqual([{ created_by: null }])
  for (const s of [a, b]) {
    expect(await q(sql`select reply_to_message_id, follow_up_id from messages where id = ${s.aiReply}`)).toEqual([{ reply_to_message_id: s.customerMessage, follow_up_id: s.followUp }])
    expect(await q(sql`select message_id from follow_ups where id = ${s.followUp}`)).toEqual([{ message_id: s.aiReply }])
  }

  // The keys are in force on the upgraded database.
  const crossTenant = database.db.execute(sql`insert into messages (id, tenant_id, conversation_id, wa_id, chat_jid, from_me, direction, status, sent_by)
    values (${newId()}, ${a.tenant}, ${b.conversation}, 'WA3', 'x', false, 'in', 'received', 'customer')`)
  await expect(crossTenant).rejects.toMatchObject({ cause: expect.objectContaining({ code: '23503' }) })
}

describeUpgrade(MIGRATION, {
  seed: async (database) => {
    const seeded = { a: ids(), b: ids() }
    await seedOldSchema(database, seeded.a, seeded.b)
    return seeded
  },
  check,
})
