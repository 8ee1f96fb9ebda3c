// Issue 11 item 4: every message the socket delivered is stored. A NUL or lone surrogate no longer
// loses it; a message the database still refuses becomes a dead letter the owner can see, and the
// worker's retry stores it once the cause is gone.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { and, eq, sql } from 'drizzle-orm'
import { customerMessage, registerOwner, startPipeline, type PipelineHarness } from '../../../test/pipeline-harness.js'
import { conversations, inboundDeadLetters, messages } from './inbox.tables.js'
import { sessionsRepository } from '../sessions/sessions.repository.js'

let h: PipelineHarness
beforeAll(async () => { h = await startPipeline() })
afterAll(async () => { await h?.close() })

const bodies = async (tenantId: string) => (await h.database.db.select({ body: messages.body }).from(messages)
  .where(and(eq(messages.tenantId, tenantId), eq(messages.direction, 'in')))).map((r) => r.body).sort()

describe('inbound text that PostgreSQL cannot hold', () => {
  it('stores a message with NUL and lone surrogates, with U+FFFD where they were, and queues its job', async () => {
    const { tenantId } = await registerOwner(h.app)
    const m = customerMessage({ text: 'Kak\u0000 mau pesan \ud800 2 ya \udc00', pushName: 'Ri\u0000na' })
    expect(await h.pipeline.inbox.ingest(tenantId, [m], 'live')).toEqual(['stored'])
    expect(await bodies(tenantId)).toEqual(['Kak\ufffd mau pesan \ufffd 2 ya \ufffd'])
    // A redelivery maps to the same row.
    expect(await h.pipeline.inbox.ingest(tenantId, [m], 'live')).toEqual(['duplicate'])
    expect(await h.pipeline.jobs.queue('inbound').getJobs(['waiting', 'delayed', 'active', 'completed'])).toEqual(
      expect.arrayContaining([expect.objectContaining({ data: expect.objectContaining({ tenantId }) })]))
  })
})

describe('dead letters', () => {
  // A trigger in this test's own database refuses one message, the way a full disk, a broken
  // constraint or a bug would: the database says no after WhatsApp was told we have the message.
  beforeAll(async () => {
    await h.database.db.execute(sql.raw(`create or replace function refuse_poison() returns trigger as $$ begin
      if new.body like '%racun%' then raise exception 'refused for the test' using errcode = 'P0001'; end if; return new; end $$ language plpgsql`))
    await h.database.db.execute(sql.raw('create trigger refuse_poison before insert on messages for each row execute function refuse_poison()'))
  })

  it('keeps a refused message as a dead letter, stores the rest of the batch, shows it to owners and admins, and stores it on retry once', async () => {
    const owner = await registerOwner(h.app)
    const poison = customerMessage({ text: 'racun \u0000 kak' })
    const outcomes = await h.pipeline.inbox.ingest(owner.tenantId, [customerMessage({ text: 'pertama' }), poison, customerMessage({ text: 'ketiga' })], 'live')
    expect(outcomes).toEqual(['stored', 'dead_letter', 'stored'])
    expect(await bodies(owner.tenantId)).toEqual(['ketiga', 'pertama'])
    // WhatsApp redelivers it while the cause lasts: still one dead letter, one more attempt.
    expect(await h.pipeline.inbox.ingest(owner.tenantId, [poison], 'live')).toEqual(['dead_letter'])

    const list = await h.app.inject({ method: 'GET', url: '/api/v1/inbox/dead-letters', headers: owner.auth })
    expect(list.statusCode).toBe(200)
    expect(list.json()).toMatchObject({
      count: 1,
      items: [{ waId: poison.waId, fromMe: false, type: 'text', preview: 'racun \ufffd kak', errorCode: 'db.P0001', attempts: 2 }],
    })
    const admin = await h.member(owner, 'admin')
    expect((await h.app.inject({ method: 'GET', url: '/api/v1/inbox/dead-letters', headers: admin.auth })).json().count).toBe(1)
    const agent = await h.member(owner, 'agent')
    expect((await h.app.inject({ method: 'GET', url: '/api/v1/inbox/dead-letters', headers: agent.auth })).statusCode).toBe(403)
    const other = await registerOwner(h.app)
    expect((await h.app.inject({ method: 'GET', url: '/api/v1/inbox/dead-letters', headers: other.auth })).json()).toEqual({ count: 0, items: [] })

    // Not due yet: nothing is retried. Due, but the cause remains: it stays, with another attempt.
    const retry = () => h.pipeline.deadLetters.retryDue((t, b, k) => h.pipeline.inbox.ingest(t, b, k), { now: new Date(Date.now() + 3 * 3_600_000) })
    expect((await h.pipeline.deadLetters.retryDue((t, b, k) => h.pipeline.inbox.ingest(t, b, k))).retried).toBe(0)
    expect(await retry()).toEqual({ retried: 1, resolved: 0 })

    await h.database.db.execute(sql.raw('drop trigger refuse_poison on messages'))
    expect(await retry()).toEqual({ retried: 1, resolved: 1 })
    expect(await bodies(owner.tenantId)).toEqual(['ketiga', 'pertama', 'racun \ufffd kak'])
    expect((await h.app.inject({ method: 'GET', url: '/api/v1/inbox/dead-letters', headers: owner.auth })).json()).toEqual({ count: 0, items: [] })
    const [row] = await h.database.db.select().from(inboundDeadLetters).where(eq(inboundDeadLetters.tenantId, owner.tenantId))
    expect(row).toMatchObject({ attempts: 3, resolvedAt: expect.any(Date) })
    // Nothing is stored twice by a later redelivery or retry.
    expect(await h.pipeline.inbox.ingest(owner.tenantId, [poison], 'live')).toEqual(['duplicate'])
    expect(await retry()).toEqual({ retried: 0, resolved: 0 })
  })

  it('files a retried dead letter in the chat of the number it arrived on', async () => {
    const owner = await registerOwner(h.app)
    const db = h.database.db
    await sessionsRepository.ensureFirst(db, owner.tenantId)
    const second = (await sessionsRepository.create(db, owner.tenantId, { name: 'Cabang' })).id
    await db.execute(sql.raw('create trigger refuse_poison_again before insert on messages for each row execute function refuse_poison()'))
    const poison = customerMessage({ text: 'racun untuk cabang' })
    expect(await h.pipeline.inbox.ingest(owner.tenantId, [poison], 'live', second)).toEqual(['dead_letter'])
    await db.execute(sql.raw('drop trigger refuse_poison_again on messages'))
    // As the worker retries (roles.ts): the row's number goes with it.
    const retried = await h.pipeline.deadLetters.retryDue((t, b, k, d) => h.pipeline.inbox.ingest(t, b, k, d), { now: new Date(Date.now() + 3 * 3_600_000) })
    expect(retried.resolved).toBeGreaterThanOrEqual(1)
    const [stored] = await db.select({ deviceId: conversations.deviceId }).from(messages)
      .innerJoin(conversations, eq(conversations.id, messages.conversationId))
      .where(and(eq(messages.tenantId, owner.tenantId), eq(messages.waId, poison.waId)))
    expect(stored).toEqual({ deviceId: second })
  })
})
