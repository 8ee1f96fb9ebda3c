// Quick replies over HTTP: owners and admins manage them, every role reads them, tenants never
// see each other's, and bad input is a 4xx with a stable code.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { registerOwner, startPipeline, type PipelineHarness } from '../../../test/pipeline-harness.js'
import { MAX_QUICK_REPLIES } from './quick-replies.service.js'

let h: PipelineHarness
type Who = { auth: Record<string, string> }
let owner: Who & { tenantId: string }
let admin: Who
let agent: Who
let viewer: Who
let stranger: Who

beforeAll(async () => {
  h = await startPipeline()
  owner = await registerOwner(h.app)
  stranger = await registerOwner(h.app)
  admin = await h.member(owner, 'admin')
  agent = await h.member(owner, 'agent')
  viewer = await h.member(owner, 'viewer')
})
afterAll(async () => { await h?.close() })

const call = (who: Who, method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, payload?: object) =>
  h.app.inject({ method, url: `/api/v1/quick-replies${url}`, headers: who.auth, ...(payload ? { payload } : {}) })

describe('quick replies', () => {
  let ongkirId = ''

  it('lets the owner save one, with the shortcut stored lower-case, and every role read it', async () => {
    const res = await call(owner, 'POST', '', { shortcut: ' Ongkir ', text: 'Ongkir dalam kota Rp 10.000, luar kota cek di aplikasi ya kak.' })
    expect(res.statusCode).toBe(201)
    expect(res.json()).toMatchObject({ shortcut: 'ongkir', text: 'Ongkir dalam kota Rp 10.000, luar kota cek di aplikasi ya kak.' })
    ongkirId = res.json().id
    expect((await call(admin, 'POST', '', { shortcut: 'rekening', text: 'BCA 123 456 7890 a.n. Kopi Senja' })).statusCode).toBe(201)
    for (const who of [owner, admin, agent, viewer]) {
      const list = await call(who, 'GET', '')
      expect(list.statusCode).toBe(200)
      expect(list.json().items.map((q: { shortcut: string }) => q.shortcut)).toEqual(['ongkir', 'rekening'])
    }
  })

  it('refuses agents and viewers who try to change them', async () => {
    for (const who of [agent, viewer]) {
      expect((await call(who, 'POST', '', { shortcut: 'x', text: 'y' })).json().error.code).toBe('auth.forbidden')
      expect((await call(who, 'PATCH', `/${ongkirId}`, { text: 'y' })).statusCode).toBe(403)
      expect((await call(who, 'DELETE', `/${ongkirId}`)).statusCode).toBe(403)
    }
  })

  it('edits the text and the shortcut, and refuses a shortcut already in use with 409', async () => {
    const edited = await call(owner, 'PATCH', `/${ongkirId}`, { text: 'Ongkir Rp 12.000 ya kak.' })
    expect(edited.json()).toMatchObject({ shortcut: 'ongkir', text: 'Ongkir Rp 12.000 ya kak.' })
    const clash = await call(owner, 'PATCH', `/${ongkirId}`, { shortcut: 'REKENING' })
    expect(clash.statusCode).toBe(409)
    expect(clash.json().error.code).toBe('quick_replies.shortcut_taken')
    const dup = await call(owner, 'POST', '', { shortcut: 'rekening', text: 'lagi' })
    expect(dup.statusCode).toBe(409)
    expect(dup.json().error.code).toBe('quick_replies.shortcut_taken')
  })

  it('answers bad input with 400 validation.failed, never a 500', async () => {
    for (const body of [{ shortcut: 'dua kata', text: 'x' }, { shortcut: '', text: 'x' }, { shortcut: 'ok', text: '   ' }, { shortcut: 'ok' }, { shortcut: 'ok', text: 'x', extra: 1 }, { shortcut: 'a'.repeat(31), text: 'x' }]) {
      const res = await call(owner, 'POST', '', body)
      expect(res.statusCode, JSON.stringify(body)).toBe(400)
      expect(res.json().error.code).toBe('validation.failed')
    }
    expect((await call(owner, 'PATCH', `/${ongkirId}`, {})).json().error.code).toBe('validation.failed')
    expect((await call(owner, 'PATCH', '/not-a-uuid', { text: 'x' })).json().error.code).toBe('validation.failed')
  })

  it('keeps tenants apart: another shop neither sees nor changes them', async () => {
    expect((await call(stranger, 'GET', '')).json().items).toEqual([])
    const res = await call(stranger, 'PATCH', `/${ongkirId}`, { text: 'diretas' })
    expect(res.statusCode).toBe(404)
    expect(res.json().error.code).toBe('quick_replies.not_found')
    expect((await call(stranger, 'DELETE', `/${ongkirId}`)).statusCode).toBe(404)
    expect((await call(owner, 'GET', '')).json().items.find((q: { id: string }) => q.id === ongkirId).text).toBe('Ongkir Rp 12.000 ya kak.')
  })

  it('deletes one (404 the second time)', async () => {
    expect((await call(admin, 'DELETE', `/${ongkirId}`)).statusCode).toBe(204)
    expect((await call(admin, 'DELETE', `/${ongkirId}`)).json().error.code).toBe('quick_replies.not_found')
    expect((await call(viewer, 'GET', '')).json().items.map((q: { shortcut: string }) => q.shortcut)).toEqual(['rekening'])
  })

  it(`stops at ${MAX_QUICK_REPLIES} per shop with 409 quick_replies.limit_reached, even when created in parallel`, async () => {
    const shop = await registerOwner(h.app)
    const results = await Promise.all(Array.from({ length: MAX_QUICK_REPLIES + 5 }, (_, i) => call(shop, 'POST', '', { shortcut: `q${i}`, text: `jawaban ${i}` })))
    expect(results.filter((r) => r.statusCode === 201)).toHaveLength(MAX_QUICK_REPLIES)
    const refused = results.filter((r) => r.statusCode !== 201)
    expect(refused).toHaveLength(5)
    for (const r of refused) expect(r.json().error.code).toBe('quick_replies.limit_reached')
  })
})
