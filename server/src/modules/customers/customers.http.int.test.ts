// The customers page over HTTP: every contact searched and filtered on the server in pages, the
// shop's name and notes (kept when WhatsApp's push name differs), the CSV import (a preview that
// saves nothing, per-line errors, existing customers updated not duplicated, labels added), the
// CSV export (BOM, formula cells neutralised), API-key scopes and tenants that never mix.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { customerMessage, registerOwner, startPipeline, type PipelineHarness } from '../../../test/pipeline-harness.js'

let h: PipelineHarness
type Who = { auth: Record<string, string> }
let owner: Who & { tenantId: string }
let agent: Who
let viewer: Who
let stranger: Who & { tenantId: string }
let lunas: string

const call = (who: Who, method: 'GET' | 'POST' | 'PATCH' | 'PUT', url: string, payload?: object) =>
  h.app.inject({ method, url: `/api/v1${url}`, headers: who.auth, ...(payload ? { payload } : {}) })
const file = (csv: string | Uint8Array) => Buffer.from(typeof csv === 'string' ? new TextEncoder().encode(csv) : csv).toString('base64')
const names = async (who: Who, query = '') => (await call(who, 'GET', `/customers${query}`)).json().items.map((c: { name: string }) => c.name)

beforeAll(async () => {
  h = await startPipeline()
  owner = await registerOwner(h.app)
  stranger = await registerOwner(h.app)
  agent = await h.member(owner, 'agent')
  viewer = await h.member(owner, 'viewer')
  await h.pipeline.inbox.ingest(owner.tenantId, [customerMessage({ phone: '6281211110001', pushName: 'Dewi', text: 'Sudah transfer ya kak' })], 'live')
  await h.pipeline.inbox.ingest(owner.tenantId, [customerMessage({ phone: '6281211110002', pushName: 'Eko', text: 'Kapan dikirim?' })], 'live')
  await h.pipeline.inbox.ingest(stranger.tenantId, [customerMessage({ phone: '6281211110003', pushName: 'Fajar', text: 'Halo' })], 'live')
  lunas = (await call(owner, 'POST', '/labels', { name: 'Lunas', colour: 'green' })).json().id
})
afterAll(async () => { await h?.close() })

describe('customers import', () => {
  const csv = [
    'nama,nomor,catatan,label',
    '"Dewi Lestari",0812-1111-0001,"Langganan, suka kue lapis",Lunas', // existing chat: updated, labelled
    'Gita,081211110009,,Lunas|VIP', // new: created; its labels cannot sit anywhere yet
    'Bad,12345,,',
    'Gita lagi,+62 812-1111-0009,,',
    '=cmd|calc,081211110010,"=HYPERLINK(""http://x"")",',
  ].join('\n')

  it('previews without saving: per-line errors, warnings, create or update per line', async () => {
    const res = await call(owner, 'POST', '/customers/import', { file: file(csv) })
    expect(res.statusCode).toBe(200)
    const body = res.json()
    expect(body).toMatchObject({ saved: false, encoding: 'utf-8', created: 0, updated: 0 })
    expect(body.rows.map((r: { phone: string; action: string }) => [r.phone, r.action])).toEqual([
      ['+6281211110001', 'update'], ['+6281211110009', 'create'], ['+6281211110010', 'create'],
    ])
    expect(body.errors.map((e: { line: number; code: string }) => [e.line, e.code])).toEqual([[4, 'customers.import_bad_phone'], [5, 'customers.import_duplicate']])
    expect(body.warnings.map((w: { line: number; code: string }) => [w.line, w.code])).toEqual([[3, 'customers.import_unknown_label'], [3, 'customers.import_label_without_chat']])
    expect(await names(owner)).toEqual(['Eko', 'Dewi'])
  })

  it('saves the good lines once confirmed: existing customers updated (not duplicated), new ones added, labels added to the chat', async () => {
    const res = await call(owner, 'POST', '/customers/import', { file: file(csv), dryRun: false })
    expect(res.json()).toMatchObject({ saved: true, created: 2, updated: 1 })
    const items = (await call(owner, 'GET', '/customers?limit=100')).json().items
    expect(items).toHaveLength(4)
    const dewi = items.find((c: { phone: string }) => c.phone === '+6281211110001')
    expect(dewi).toMatchObject({ name: 'Dewi Lestari', notes: 'Langganan, suka kue lapis', labelIds: [lunas] })
    // Importing again changes nothing and creates nobody.
    expect((await call(owner, 'POST', '/customers/import', { file: file(csv), dryRun: false })).json()).toMatchObject({ created: 0, updated: 3 })
    expect((await call(owner, 'GET', '/customers?limit=100')).json().items).toHaveLength(4)
  })

  it('keeps the name the shop gave when the customer writes with another WhatsApp name', async () => {
    await h.pipeline.inbox.ingest(owner.tenantId, [customerMessage({ phone: '6281211110001', pushName: 'dw', text: 'Kak, ada lagi?' })], 'live')
    expect(await names(owner, '?q=0812-1111-0001')).toEqual(['Dewi Lestari'])
  })

  it('reads a Windows-1252 file, says so, and gets the letters right', async () => {
    const bytes = new Uint8Array([...new TextEncoder().encode('nama,nomor\nJos'), 0xe9, ...new TextEncoder().encode(',081211110011\n')])
    const body = (await call(owner, 'POST', '/customers/import', { file: file(bytes) })).json()
    expect(body).toMatchObject({ encoding: 'windows-1252', rows: [{ name: 'José' }] })
  })

  it('refuses bad bodies with 4xx codes, agents and viewers (403), and keys without contacts:write', async () => {
    expect((await call(owner, 'POST', '/customers/import', { file: 'not base64!' })).json().error.code).toBe('validation.failed')
    expect((await call(owner, 'POST', '/customers/import', { file: file('') })).json().error.code).toBe('customers.empty_csv')
    expect((await call(owner, 'POST', '/customers/import', { file: file(csv), extra: 1 })).statusCode).toBe(400)
    expect((await call(agent, 'POST', '/customers/import', { file: file(csv) })).statusCode).toBe(403)
    const key = (await call(owner, 'POST', '/api-keys', { name: 'CRM', scopes: ['contacts:read'] })).json().secret
    const asKey = { auth: { authorization: `Bearer ${key}` } }
    expect((await call(asKey, 'POST', '/customers/import', { file: file(csv) })).json().error.code).toBe('auth.scope_missing')
    expect((await call(asKey, 'GET', '/customers')).statusCode).toBe(200)
  })
})

describe('customers list, edit and export', () => {
  it('searches by name or number (typed the Indonesian way) and filters by label, open chat and last contact', async () => {
    expect(await names(viewer, '?q=gita')).toEqual(['Gita'])
    expect(await names(viewer, '?q=0812%201111%200002')).toEqual(['Eko'])
    expect(await names(viewer, `?label=${lunas}`)).toEqual(['Dewi Lestari'])
    expect((await names(viewer, '?open=true')).sort()).toEqual(['Dewi Lestari', 'Eko'])
    expect(await names(viewer, '?open=false&q=gita')).toEqual(['Gita'])
    const future = encodeURIComponent(new Date(Date.now() + 3_600_000).toISOString())
    expect(await names(viewer, `?lastContactFrom=${future}`)).toEqual([])
    expect((await call(viewer, 'GET', '/customers?open=maybe')).statusCode).toBe(400)
    expect((await call(viewer, 'GET', '/customers?lastContactFrom=0000-01-01T00:00:00Z')).statusCode).toBe(400)
    expect((await call(viewer, 'GET', '/customers?cursor=zzz')).json().error.code).toBe('validation.bad_cursor')
  })

  it('pages with a cursor, never repeating or skipping anyone', async () => {
    const seen: string[] = []
    let cursor: string | null = null
    do {
      const page: { items: Array<{ id: string }>; nextCursor: string | null } = (await call(viewer, 'GET', `/customers?limit=1${cursor ? `&cursor=${cursor}` : ''}`)).json()
      seen.push(...page.items.map((c: { id: string }) => c.id))
      cursor = page.nextCursor
    } while (cursor)
    expect(seen).toHaveLength(4)
    expect(new Set(seen).size).toBe(4)
  })

  it('lets agents change the name and notes, viewers not; the card shows the notes; other tenants see nothing', async () => {
    const eko = (await call(owner, 'GET', '/customers?q=eko')).json().items[0]
    const res = await call(agent, 'PATCH', `/customers/${eko.id}`, { name: 'Eko Prasetyo', notes: 'Minta dikirim sore' })
    expect(res.statusCode).toBe(200)
    expect(res.json()).toMatchObject({ name: 'Eko Prasetyo', notes: 'Minta dikirim sore', conversationId: eko.conversationId })
    expect((await call(owner, 'GET', `/contacts/${eko.id}`)).json()).toMatchObject({ notes: 'Minta dikirim sore', conversationId: eko.conversationId })
    expect((await call(viewer, 'PATCH', `/customers/${eko.id}`, { notes: 'x' })).statusCode).toBe(403)
    expect((await call(owner, 'PATCH', `/customers/${eko.id}`, {})).statusCode).toBe(400)
    expect((await call(stranger, 'PATCH', `/customers/${eko.id}`, { notes: 'x' })).json().error.code).toBe('contacts.not_found')
    expect((await call(stranger, 'GET', `/contacts/${eko.id}`)).statusCode).toBe(404)
    expect(await names(stranger)).toEqual(['Fajar'])
  })

  it('exports every matching customer as CSV with a BOM, formula cells neutralised, scoped to the tenant', async () => {
    const res = await call(owner, 'GET', '/customers/export')
    expect(res.statusCode).toBe(200)
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8')
    expect(res.headers['content-disposition']).toMatch(/^attachment; filename="pelanggan-\d{4}-\d{2}-\d{2}\.csv"$/)
    const raw = res.rawPayload
    expect([...raw.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf])
    const text = raw.subarray(3).toString('utf8')
    const lines = text.trim().split('\r\n')
    expect(lines[0]).toBe('nama,nomor,catatan,label,tag,kontak terakhir,chat terbuka')
    expect(lines).toHaveLength(5)
    expect(text).toContain(`Dewi Lestari,'+6281211110001,"Langganan, suka kue lapis",Lunas`)
    expect(text).toContain(`'=cmd|calc,'+6281211110010,"'=HYPERLINK(""http://x"")"`)
    expect(text).not.toContain('Fajar')
    const filtered = (await call(owner, 'GET', '/customers/export?q=gita')).rawPayload.subarray(3).toString('utf8').trim().split('\r\n')
    expect(filtered).toHaveLength(2)
  })
})
