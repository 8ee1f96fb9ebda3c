// The audited changes outside a chat — integrator sends, API keys, the team, webhooks, settings and
// the shop's numbers — and their audit entry are one transaction: when the entry cannot be
// written, the change is not made either (never done but unaudited), and the request fails.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { eq, sql } from 'drizzle-orm'
import { messages } from '../inbox/inbox.tables.js'
import { customerMessage, registerOwner, startPipeline, type PipelineHarness } from '../../../test/pipeline-harness.js'

let h: PipelineHarness
type Who = { auth: Record<string, string>; userId: string; tenantId: string }
let shop: Who

beforeAll(async () => {
  h = await startPipeline()
  shop = await registerOwner(h.app)
  // The audit table refuses every entry of a tenant listed in audit_refusals, as a full disk or a
  // bad column would; a test lists the shop only around the change it tries.
  await h.database.db.execute(sql.raw(`
    create table if not exists audit_refusals (tenant_id uuid primary key);
    create or replace function audit_refuse_test() returns trigger language plpgsql as $$
    begin
      if exists (select 1 from audit_refusals where tenant_id = new.tenant_id) then raise exception 'audit refused (test)'; end if;
      return new;
    end $$;
    drop trigger if exists audit_refuse_test on audit_events;
    create trigger audit_refuse_test before insert on audit_events for each row execute function audit_refuse_test();`))
})
afterAll(async () => { await h?.close() })

type Method = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE'
const call = (method: Method, url: string, payload?: object, headers: Record<string, string> = {}) =>
  h.app.inject({ method, url: `/api/v1${url}`, headers: { ...shop.auth, ...headers }, ...(payload ? { payload } : {}) })

/** Runs `change` while the shop's audit entries cannot be written. */
async function whileAuditFails<T>(change: () => Promise<T>): Promise<T> {
  await h.database.db.execute(sql`insert into audit_refusals (tenant_id) values (${shop.tenantId}::uuid) on conflict do nothing`)
  try { return await change() } finally {
    await h.database.db.execute(sql`delete from audit_refusals where tenant_id = ${shop.tenantId}::uuid`)
  }
}
const actions = async () => ((await call('GET', '/audit?limit=100')).json().items as Array<{ action: string }>).map((e) => e.action)

describe('an audited change whose entry cannot be written is not made', () => {
  it('POST /messages sends nothing, and the same Idempotency-Key still sends once the log works', async () => {
    const body = { to: '+6281234560101', text: 'Promo hari ini' }
    const refused = await whileAuditFails(() => call('POST', '/messages', body, { 'idempotency-key': 'promo-audit-1' }))
    expect(refused.statusCode).toBe(500)
    expect(await h.database.db.select().from(messages).where(eq(messages.tenantId, shop.tenantId))).toEqual([])
    const sent = await call('POST', '/messages', body, { 'idempotency-key': 'promo-audit-1' })
    expect(sent.statusCode).toBe(201)
    expect(await actions()).toContain('message.sent')
  })

  it('an API key is neither created nor revoked without its entry', async () => {
    expect((await whileAuditFails(() => call('POST', '/api-keys', { name: 'Kasir', scopes: ['messages:send'] }))).statusCode).toBe(500)
    expect((await call('GET', '/api-keys')).json().items).toEqual([])
    const key = (await call('POST', '/api-keys', { name: 'Kasir', scopes: ['messages:send'] })).json().key as { id: string }
    expect((await whileAuditFails(() => call('DELETE', `/api-keys/${key.id}`))).statusCode).toBe(500)
    expect((await call('GET', '/api-keys')).json().items).toMatchObject([{ id: key.id, status: 'active' }])
    expect((await call('DELETE', `/api-keys/${key.id}`)).statusCode).toBe(200)
    // A repeated revoke changes nothing and adds no entry.
    expect((await call('DELETE', `/api-keys/${key.id}`)).statusCode).toBe(200)
    expect((await actions()).filter((a) => a === 'api_key.revoked')).toHaveLength(1)
  })

  it('a teammate is neither invited, re-roled nor removed without its entry', async () => {
    const members = async () => ((await call('GET', '/team')).json().items as Array<{ id: string; email: string; role: string }>)
    const before = await members()
    expect((await whileAuditFails(() => call('POST', '/team', { email: 'budi-audit@toko.test', role: 'agent' }))).statusCode).toBe(500)
    expect(await members()).toEqual(before)
    const budi = (await call('POST', '/team', { email: 'budi-audit@toko.test', role: 'agent' })).json().member as { id: string }
    expect((await whileAuditFails(() => call('PATCH', `/team/${budi.id}`, { role: 'viewer' }))).statusCode).toBe(500)
    expect((await members()).find((m) => m.id === budi.id)?.role).toBe('agent')
    expect((await whileAuditFails(() => call('DELETE', `/team/${budi.id}`))).statusCode).toBe(500)
    expect((await members()).map((m) => m.id)).toContain(budi.id)
    expect((await actions()).filter((a) => a.startsWith('team.'))).toEqual(['team.invited'])
  })

  it('a webhook is neither added, changed, deleted nor given a new secret without its entry', async () => {
    const hooks = async () => (await call('GET', '/webhooks')).json().items as Array<{ id: string; url: string; previousSecretValidUntil: string | null }>
    const body = { url: 'http://127.0.0.1:9/warta', events: ['message.received'] }
    expect((await whileAuditFails(() => call('POST', '/webhooks', body))).statusCode).toBe(500)
    expect(await hooks()).toEqual([])
    const hook = (await call('POST', '/webhooks', body)).json().webhook as { id: string }
    expect((await whileAuditFails(() => call('PATCH', `/webhooks/${hook.id}`, { url: 'http://127.0.0.1:9/lain' }))).statusCode).toBe(500)
    expect((await whileAuditFails(() => call('POST', `/webhooks/${hook.id}/rotate-secret`, { overlapSeconds: 3600 }))).statusCode).toBe(500)
    expect((await whileAuditFails(() => call('DELETE', `/webhooks/${hook.id}`))).statusCode).toBe(500)
    expect(await hooks()).toMatchObject([{ id: hook.id, url: body.url, previousSecretValidUntil: null }])
    const audit = (await call('GET', '/audit?limit=100')).json().items as Array<{ action: string; target: { id: string } | null }>
    expect(audit.filter((e) => e.action.startsWith('webhook.'))).toMatchObject([{ action: 'webhook.created', target: { id: hook.id } }])
  })

  it('settings — AI and follow-up rules, the price list, the team inbox and the away message — stay as they were without their entry', async () => {
    const aiConfig = async () => (await call('GET', '/ai-config')).json() as { tone: string; priceList: unknown[]; followUp: { afterHours: number } }
    const before = await aiConfig()
    expect((await whileAuditFails(() => call('PUT', '/ai-config', { tone: 'formal', followUp: { afterHours: 48 } }))).statusCode).toBe(500)
    expect((await whileAuditFails(() => call('POST', '/ai-config/price-list/import', { csv: 'nama,harga\nKopi susu,18000' }))).statusCode).toBe(500)
    expect(await aiConfig()).toEqual(before)
    expect((await whileAuditFails(() => call('PUT', '/inbox/team-settings', { roundRobin: true }))).statusCode).toBe(500)
    expect((await call('GET', '/inbox/team-settings')).json()).toEqual({ roundRobin: false })
    const week = [0, 1, 2, 3, 4, 5, 6].map(() => ({ closed: false, open: '08:00', close: '17:00' }))
    expect((await whileAuditFails(() => call('PUT', '/away', { enabled: true, message: 'Kami tutup, besok buka jam 08.00', week, holidays: [] }))).statusCode).toBe(500)
    expect((await call('GET', '/away')).json()).toMatchObject({ enabled: false })
    // Done while the log works: each change has its entry, naming fields, never the away text.
    expect((await call('PUT', '/away', { enabled: true, message: 'Kami tutup, besok buka jam 08.00', week, holidays: [] })).statusCode).toBe(200)
    const page = (await call('GET', '/audit?action=settings.updated')).json()
    expect(page.items).toMatchObject([{ target: { type: 'settings', id: 'away' }, details: { enabled: true } }])
    expect(JSON.stringify(page)).not.toContain('Kami tutup')
  })

  it('a number is neither added, renamed nor removed without its entry', async () => {
    const numbers = async () => (await call('GET', '/devices')).json().items as Array<{ id: string; name: string }>
    const before = await numbers()
    expect((await whileAuditFails(() => call('POST', '/devices', { name: 'Cabang Bogor' }))).statusCode).toBe(500)
    expect(await numbers()).toEqual(before)
    const bogor = (await call('POST', '/devices', { name: 'Cabang Bogor' })).json() as { id: string }
    expect((await whileAuditFails(() => call('PATCH', `/devices/${bogor.id}`, { name: 'Cabang Depok' }))).statusCode).toBe(500)
    expect((await whileAuditFails(() => call('DELETE', `/devices/${bogor.id}`))).statusCode).toBe(500)
    expect((await numbers()).find((d) => d.id === bogor.id)?.name).toBe('Cabang Bogor')
    expect((await call('DELETE', `/devices/${bogor.id}`)).statusCode).toBe(204)
    expect((await numbers()).map((d) => d.id)).not.toContain(bogor.id)
    expect((await actions()).filter((a) => a.startsWith('device.'))).toEqual(['device.removed', 'device.added'])
  })

  it('a customer and a chat are not deleted without their entry', async () => {
    await h.pipeline.inbox.ingest(shop.tenantId, [customerMessage({ phone: '6281234560201', pushName: 'Dewi Hapus', text: 'Halo kak' })], 'live')
    const chat = (await call('GET', '/conversations?q=6281234560201')).json().items[0] as { id: string; contact: { id: string } }
    expect((await whileAuditFails(() => call('DELETE', `/conversations/${chat.id}`))).statusCode).toBe(500)
    expect((await whileAuditFails(() => call('DELETE', `/customers/${chat.contact.id}`))).statusCode).toBe(500)
    expect((await call('GET', `/conversations/${chat.id}`)).statusCode).toBe(200)
    const deleted = (await call('DELETE', `/customers/${chat.contact.id}`)).json().deleted as { conversations: number; messages: number }
    expect(deleted.conversations).toBe(1)
    const [entry] = (await call('GET', '/audit?action=customer.deleted')).json().items
    expect(entry).toMatchObject({ target: { type: 'contact', id: chat.contact.id }, details: { conversations: 1, messages: deleted.messages, files: 0 } })
  })
})
