import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { eq, sql } from 'drizzle-orm'
import { newId } from '../../shared/ids.js'
import { messages } from '../inbox/inbox.tables.js'
import { followUps } from '../followups/followups.tables.js'
import { customerMessage, registerOwner, startPipeline, type PipelineHarness } from '../../../test/pipeline-harness.js'

// A chat's team changes and their audit entry are one transaction: when the entry cannot be
// written, the change is not made either (never done-but-unaudited).
let h: PipelineHarness
type Who = { auth: Record<string, string>; userId: string; tenantId: string }
let owner: Who
let broken: Who
let agent: { auth: Record<string, string>; userId: string }
let phoneSeq = 0

beforeAll(async () => {
  h = await startPipeline()
  owner = await registerOwner(h.app)
  broken = await registerOwner(h.app)
  agent = await h.member(owner, 'agent')
  // The audit table refuses every entry of the `broken` tenant, as a full disk or a bad column would.
  await h.database.db.execute(sql.raw(`
    create or replace function audit_refuse_test() returns trigger language plpgsql as $$
    begin raise exception 'audit refused (test)'; end $$;
    drop trigger if exists audit_refuse_test on audit_events;
    create trigger audit_refuse_test before insert on audit_events for each row
      when (new.tenant_id = '${broken.tenantId}'::uuid) execute function audit_refuse_test();`))
})
afterAll(async () => { await h?.close() })

const call = (who: { auth: Record<string, string> }, method: 'GET' | 'POST' | 'PATCH' | 'PUT', url: string, payload?: object) =>
  h.app.inject({ method, url: `/api/v1${url}`, headers: who.auth, ...(payload ? { payload } : {}) })

async function chat(who: Who): Promise<string> {
  const phone = `62833300${String(++phoneSeq).padStart(4, '0')}`
  await h.pipeline.inbox.ingest(who.tenantId, [customerMessage({ phone, pushName: `Pelanggan ${phoneSeq}`, text: 'Halo kak' })], 'live')
  return (await call(who, 'GET', `/conversations?q=${phone}`)).json().items[0].id as string
}
const auditOf = async (who: Who, action: string) =>
  (await call(who, 'GET', `/audit?action=${action}&limit=100`)).json().items as Array<{ actor: { type: string; id: string | null }; target: { id: string } | null; details: Record<string, unknown> }>

describe('audit entries inside the change', () => {
  it('leaves assignment, status, snooze and take-over undone when their audit entry cannot be written', async () => {
    const id = await chat(broken)
    const assign = await call(broken, 'PATCH', `/conversations/${id}`, { assigneeId: broken.userId })
    expect(assign.statusCode).toBe(500)
    const resolve = await call(broken, 'PATCH', `/conversations/${id}`, { status: 'resolved' })
    expect(resolve.statusCode).toBe(500)
    const snooze = await call(broken, 'PATCH', `/conversations/${id}`, { snoozedUntil: new Date(Date.now() + 3600_000).toISOString() })
    expect(snooze.statusCode).toBe(500)
    const takeover = await call(broken, 'POST', `/conversations/${id}/takeover`)
    expect(takeover.statusCode).toBe(500)
    expect((await call(broken, 'GET', `/conversations/${id}`)).json()).toMatchObject({ assigneeId: null, status: 'open', snoozedUntil: null, humanTakeover: false })
  })

  it('neither sends a reply nor keeps a note whose audit entry cannot be written', async () => {
    const id = await chat(broken)
    expect((await call(broken, 'POST', `/conversations/${id}/messages`, { text: 'Siap kak' })).statusCode).toBe(500)
    expect((await call(broken, 'POST', `/conversations/${id}/notes`, { body: 'cek stok dulu', mentions: [] })).statusCode).toBe(500)
    const thread = (await call(broken, 'GET', `/conversations/${id}/messages`)).json().items as Array<{ body: string }>
    expect(thread.map((m) => m.body)).toEqual(['Halo kak'])
    expect((await call(broken, 'GET', `/conversations/${id}/notes`)).json().items).toEqual([])
  })

  it('keeps a follow-up scheduled when its cancelling cannot be audited', async () => {
    const id = await chat(broken)
    const [trigger] = await h.database.db.select().from(messages).where(eq(messages.conversationId, id))
    const followUpId = newId()
    await h.database.db.insert(followUps).values({ id: followUpId, tenantId: broken.tenantId, conversationId: id, triggerMessageId: trigger!.id, attempt: 1, dueAt: new Date(Date.now() + 3600_000), reason: 'hot_lead', status: 'scheduled' })
    expect((await call(broken, 'POST', `/follow-ups/${followUpId}/cancel`)).statusCode).toBe(500)
    const [row] = await h.database.db.select().from(followUps).where(eq(followUps.id, followUpId))
    expect(row).toMatchObject({ status: 'scheduled', cancelReason: null })
  })

  it('audits round-robin assignments and snooze wake-ups as the system', async () => {
    await call(owner, 'PUT', '/inbox/team-settings', { roundRobin: true })
    const here = await h.pipeline.presence.join(owner.tenantId, agent.userId)
    let given: string
    try {
      given = await chat(owner)
    } finally {
      await here.leave()
      await call(owner, 'PUT', '/inbox/team-settings', { roundRobin: false })
    }
    expect((await call(owner, 'GET', `/conversations/${given}`)).json().assigneeId).toBe(agent.userId)
    expect((await auditOf(owner, 'conversation.assigned')).find((e) => e.target?.id === given))
      .toMatchObject({ actor: { type: 'system', id: null }, details: { assigneeId: agent.userId, roundRobin: true } })

    const id = await chat(owner)
    await call(owner, 'PATCH', `/conversations/${id}`, { snoozedUntil: new Date(Date.now() + 3600_000).toISOString() })
    h.clock.offsetMs = 2 * 3600_000
    try { await h.pipeline.inboxStatus.wake() } finally { h.clock.offsetMs = 0 }
    const woken = (await auditOf(owner, 'conversation.woken')).filter((e) => e.target?.id === id)
    expect(woken).toHaveLength(1)
    expect(woken[0]).toMatchObject({ actor: { type: 'system', id: null } })
    // The person's snooze itself is audited once, in its own change.
    expect((await auditOf(owner, 'conversation.snoozed')).filter((e) => e.target?.id === id)).toHaveLength(1)
  })
})
