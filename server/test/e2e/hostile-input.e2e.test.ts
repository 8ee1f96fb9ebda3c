// Issue 11 item 3: input that used to crash a handler (500) must get a 4xx with a stable code.
// Every request goes over real HTTP to the whole app as main.ts assembles it (fake WhatsApp port).
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sql } from 'drizzle-orm'
import WebSocket from 'ws'
import { FakeWhatsApp } from '../../src/adapters/whatsapp/fake/fake-whatsapp.js'
import { customerMessage } from '../pipeline-harness.js'
import { registerOwner, startGateway, type GatewayHarness } from '../gateway-harness.js'

let gw: GatewayHarness
let owner: Awaited<ReturnType<typeof registerOwner>>
let conversationId: string
let labelId: string
let quickReplyId: string

async function call(method: string, path: string, opts: { body?: unknown; raw?: string; headers?: Record<string, string>; auth?: boolean } = {}) {
  const headers: Record<string, string> = { ...(opts.auth === false ? {} : owner.auth), ...opts.headers }
  let body: string | undefined
  if (opts.raw !== undefined) body = opts.raw
  else if (opts.body !== undefined) body = JSON.stringify(opts.body)
  if (body !== undefined && !headers['content-type']) headers['content-type'] = 'application/json'
  const res = await fetch(`${gw.url}/api/v1${path}`, { method, headers, body, signal: AbortSignal.timeout(15_000) })
  const text = await res.text()
  let json: { error?: { code?: string } } = {}
  try { json = JSON.parse(text) as typeof json } catch { /* not JSON */ }
  return { status: res.status, code: json.error?.code, text }
}

beforeAll(async () => {
  gw = await startGateway({ overrides: { whatsapp: new FakeWhatsApp() } })
  owner = await registerOwner(gw.app)
  await gw.services.inbox.ingest(owner.tenantId, [customerMessage({ text: 'Halo, masih buka?' })], 'live')
  conversationId = (await call('GET', '/conversations')).text.match(/"id":"([0-9a-f-]{36})"/)![1]!
  labelId = JSON.parse((await call('POST', '/labels', { body: { name: 'VIP', colour: 'green' } })).text).id
  quickReplyId = JSON.parse((await call('POST', '/quick-replies', { body: { shortcut: 'ongkir', text: 'Ongkir 10rb' } })).text).id
})
afterAll(async () => { await gw?.close() })

const b64 = (s: string) => Buffer.from(s).toString('base64url')
const UUID = '0190a3c0-0000-7000-8000-000000000000'
const BAD_CURSORS = [
  b64(`+275760-09-13T00:00:00.000Z|${UUID}`),
  b64(`0000-01-01T00:00:00.000Z|${UUID}`),
  b64(`-000001-01-01T00:00:00.000Z|${UUID}`),
  b64(`1999-02-31T00:00:00.000Z|${UUID}`),
  b64(`2024-01-01|${UUID}`),
  b64(`2024-01-01T00:00:00.000Z|${UUID}|extra`),
  '!!!not-base64!!!',
  '',
]

describe('cursors', () => {
  const pages = () => ['/conversations', `/conversations/${conversationId}/messages`, '/follow-ups']
  it('an out-of-range, malformed or garbage cursor on every paginated route is a 400 validation.bad_cursor', async () => {
    for (const page of pages()) {
      for (const cursor of BAD_CURSORS) {
        const res = await call('GET', `${page}?cursor=${encodeURIComponent(cursor)}`)
        // An empty cursor is no cursor: the first page.
        if (cursor === '') { expect(res.status, page).toBe(200); continue }
        expect([res.status, res.code], `${page} cursor=${cursor}`).toEqual([400, 'validation.bad_cursor'])
      }
    }
  })

  it('the cursor a page hands out still works', async () => {
    await gw.services.inbox.ingest(owner.tenantId, [customerMessage({ text: 'Kak?' })], 'live')
    const first = JSON.parse((await call('GET', '/conversations?limit=1')).text)
    expect(first.nextCursor).toEqual(expect.any(String))
    const next = await call('GET', `/conversations?limit=1&cursor=${first.nextCursor}`)
    expect(next.status).toBe(200)
  })
})

describe('NUL and lone surrogates in text', () => {
  const NUL = 'Halo\u0000kak'
  const LONE = 'Halo \ud800 kak'
  const LOW = 'Halo \udc00 kak'
  const writes = (): Array<[string, string, (s: string) => unknown]> => [
    ['POST', `/conversations/${conversationId}/messages`, (s) => ({ text: s })],
    ['PUT', '/ai-config', (s) => ({ businessName: s })],
    ['PUT', '/ai-config', (s) => ({ profile: { about: s } })],
    ['PUT', '/ai-config', (s) => ({ profile: { faq: s, menu: 'ok' } })],
    ['PUT', '/ai-config', (s) => ({ priceList: [{ name: s, price: 1000 }] })],
    ['PUT', '/ai-config', (s) => ({ model: s })],
    ['POST', '/ai-config/price-list/import', (s) => ({ csv: `nama,harga\n${s},1000` })],
    ['POST', '/ai-config/test-classifier', (s) => ({ text: s })],
    ['POST', '/ai-config/preview-reply', (s) => ({ text: s })],
    ['POST', '/labels', (s) => ({ name: s, colour: 'green' })],
    ['PATCH', `/labels/${labelId}`, (s) => ({ name: s })],
    ['POST', '/quick-replies', (s) => ({ shortcut: 'sapa', text: s })],
    ['PATCH', `/quick-replies/${quickReplyId}`, (s) => ({ text: s })],
    ['POST', '/team', (s) => ({ email: 'staf@example.com', name: s, role: 'agent' })],
    ['POST', '/device/pair-code', (s) => ({ phoneNumber: s })],
    ['POST', '/auth/register', (s) => ({ businessName: s, email: `nul-${Date.now()}@example.com`, password: 'rahasia-123' })],
    ['POST', '/auth/register', (s) => ({ businessName: 'Toko Baik', email: `nul-${Date.now()}@example.com`, password: 'rahasia-123', name: s })],
    ['POST', '/auth/login', (s) => ({ email: 'a@example.com', password: s })],
    ['POST', '/auth/password', (s) => ({ currentPassword: s, newPassword: 'rahasia-baru-123' })],
    ['POST', '/auth/password-reset', (s) => ({ token: s, newPassword: 'rahasia-baru-123' })],
  ]

  it.each([['a NUL', NUL], ['a lone high surrogate', LONE], ['a lone low surrogate', LOW]])('%s in any stored or checked text field is a 400 validation.invalid_text', async (_what, value) => {
    for (const [method, path, body] of writes()) {
      const res = await call(method, path, { body: body(value) })
      expect([res.status, res.code], `${method} ${path} ${JSON.stringify(body(value))}`).toEqual([400, 'validation.invalid_text'])
    }
  })

  it('a NUL or lone surrogate in a query string or a field name is a 400 validation.invalid_text', async () => {
    for (const q of ['%00', 'a%00b']) {
      const res = await call('GET', `/conversations?q=${q}`)
      expect([res.status, res.code], q).toEqual([400, 'validation.invalid_text'])
    }
    const res = await call('PUT', '/ai-config', { raw: '{"profile":{"ab\\u0000out":"x"}}' })
    expect([res.status, res.code]).toEqual([400, 'validation.invalid_text'])
  })

  it('well-formed text with emoji and Indonesian still saves', async () => {
    const res = await call('PUT', '/ai-config', { body: { profile: { about: 'Kopi enak ☕😀 — murah' } } })
    expect(res.status).toBe(200)
  })
})

describe('non-string e-mails', () => {
  // Built as text: JSON.stringify itself overflows the stack on it.
  const deep = `${'['.repeat(10_000)}"a@example.com"${']'.repeat(10_000)}`
  const paths: Array<[string, (email: string) => string]> = [
    ['/auth/login', (e) => `{"email":${e},"password":"rahasia-123"}`],
    ['/auth/register', (e) => `{"businessName":"Toko","email":${e},"password":"rahasia-123"}`],
    ['/auth/password-reset/request', (e) => `{"email":${e}}`],
  ]
  it.each(paths)('%s answers a 10,000-deep array, an object, a number or null as the e-mail with 400', async (path, body) => {
    for (const email of [deep, '{"toString":"x"}', '123456789012345678901234567890', 'null', 'true', '["a@example.com"]']) {
      const res = await call('POST', path, { raw: body(email), auth: false })
      expect([res.status, res.code], `${path} ${email.slice(0, 40)}`).toEqual([400, 'validation.failed'])
    }
  })
})

describe('other malformed requests', () => {
  it('a malformed id in a path is a 400, never a 500', async () => {
    for (const id of ['not-a-uuid', '00000000-0000-0000-0000-00000000000g', '%00', '..%2F..', '1e400', '-1']) {
      for (const [method, path] of [['GET', `/conversations/${id}`], ['GET', `/contacts/${id}`], ['POST', `/follow-ups/${id}/cancel`], ['DELETE', `/labels/${id}`], ['DELETE', `/team/${id}`]] as const) {
        const res = await call(method, path)
        expect(res.status, `${method} ${path}`).toBeGreaterThanOrEqual(400)
        expect(res.status, `${method} ${path}`).toBeLessThan(500)
      }
    }
  })

  it('huge and negative numbers are a 400', async () => {
    for (const limit of ['1e400', '-1', '99999999999999999999999', 'NaN', 'Infinity', '1.5']) {
      const res = await call('GET', `/conversations?limit=${limit}`)
      expect([res.status, res.code], limit).toEqual([400, 'validation.failed'])
    }
    const res = await call('PUT', '/ai-config', { raw: '{"priceList":[{"name":"Kopi","price":1e400}]}' })
    expect(res.status).toBe(400)
  })

  it('a wrong content type is a 415 and an oversized body a 413, each with a code', async () => {
    const xml = await call('PUT', '/ai-config', { raw: '<a/>', headers: { 'content-type': 'text/xml' } })
    expect([xml.status, xml.code]).toEqual([415, 'request.unsupported_media_type'])
    const big = await call('PUT', '/ai-config', { body: { profile: { about: 'x'.repeat(gw.config.http.bodyLimit + 10) } } })
    expect([big.status, big.code]).toEqual([413, 'request.body_too_large'])
  })

  it('a prototype-pollution key is refused with a 400', async () => {
    const res = await call('PUT', '/ai-config', { raw: '{"__proto__":{"admin":true}}' })
    expect(res.status).toBe(400)
    const q = await call('GET', '/conversations?__proto__=x&constructor=y')
    expect(q.status).toBe(400)
  })
})

describe('found by the API fuzz test', () => {
  it('an access token signed with the real key but carrying malformed ids is a 401, not a 500', async () => {
    for (const claims of [{ sub: 'not-a-uuid' }, { tid: 'x\u0000y' }, { sid: 'nope' }, { ver: 1.5 }]) {
      const token = gw.app.jwt.sign({ sub: owner.userId, tid: owner.tenantId, role: 'owner', sid: UUID, ver: 0, ...claims })
      const res = await call('GET', '/conversations', { headers: { authorization: `Bearer ${token}` } })
      expect([res.status, res.code], JSON.stringify(claims)).toEqual([401, 'auth.unauthenticated'])
    }
  })

  it('a reset link for a member removed while it was being made is a 404, not a 500', async () => {
    const invited = JSON.parse((await call('POST', '/team', { body: { email: `pergi-${Date.now()}@example.com`, role: 'agent' } })).text)
    // The removal lands between the route's check and the insert, as a concurrent DELETE would.
    // (This test's database is its own: the trigger touches no other test.)
    await gw.database.db.execute(sql.raw(`create or replace function remove_member_first() returns trigger as $$ begin
      delete from users where id = new.user_id; return new; end $$ language plpgsql`))
    await gw.database.db.execute(sql.raw('create trigger remove_member_first before insert on password_reset_tokens for each row execute function remove_member_first()'))
    try {
      const res = await call('POST', `/team/${invited.member.id}/password-reset`)
      expect([res.status, res.code]).toEqual([404, 'team.not_found'])
    } finally {
      await gw.database.db.execute(sql.raw('drop trigger remove_member_first on password_reset_tokens'))
    }
  })
})

describe('hostile messages on the events socket', () => {
  const open = async () => {
    const ws = new WebSocket(`${gw.url.replace('http', 'ws')}/api/v1/events`)
    const closed = new Promise<number>((resolve) => ws.on('close', (code) => resolve(code)))
    ws.on('error', () => {})
    await new Promise<void>((resolve, reject) => { ws.once('open', () => resolve()); ws.once('error', reject) })
    return { ws, closed }
  }

  it('closes the socket with a 44xx code for JSON that is not an object, and the server lives on', async () => {
    for (const raw of ['null', '1', '"auth"', '[]', 'true', '{"type":"auth","token":123}', '{"type":"auth","token":"\\u0000"}', '{"__proto__":{"type":"ping"}}', '{', '']) {
      const { ws, closed } = await open()
      ws.send(raw)
      expect(await closed, raw).toBeGreaterThanOrEqual(4400)
    }
    const { ws, closed } = await open()
    ws.send(Buffer.from([0xff, 0xfe, 0x00]), { binary: true })
    expect(await closed).toBeGreaterThanOrEqual(1000)
    expect((await fetch(`${gw.url}/healthz`)).status).toBe(200)
  })
})
