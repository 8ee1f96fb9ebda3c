// POST /api/v1/media through real HTTP: a photo is stored (type and size from its bytes, with a
// thumbnail) and its signed link serves it; a disguised file gets 415, an oversized one 413, and
// neither is kept. Signed links: expired 410, another tenant's 404.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import sharp from 'sharp'
import { registerOwner, startGateway, type GatewayHarness } from '../../../test/gateway-harness.js'
import { TEST_METRICS_TOKEN } from '../../../test/build-test-app.js'

let gw: GatewayHarness
beforeAll(async () => { gw = await startGateway({ env: { MEDIA_MAX_IMAGE_MB: '1', MEDIA_URL_TTL_SECONDS: '10' } }) })
afterAll(async () => { await gw?.close() })

function form(bytes: Buffer, name: string, type: string): FormData {
  const f = new FormData()
  f.append('file', new Blob([bytes], { type }), name)
  return f
}
const post = (auth: Record<string, string>, body: FormData | string, headers: Record<string, string> = {}) =>
  fetch(`${gw.url}/api/v1/media`, { method: 'POST', headers: { authorization: auth.authorization!, ...headers }, body })

describe('POST /api/v1/media', () => {
  it('stores a photo once per content, with type and size from its bytes, and serves it by signed link', async () => {
    const owner = await registerOwner(gw.app)
    const jpeg = await sharp({ create: { width: 800, height: 600, channels: 3, background: '#3366cc' } }).jpeg().toBuffer()
    const res = await post(owner.auth, form(jpeg, 'produk.jpg', 'image/jpeg'))
    expect(res.status).toBe(201)
    const m = await res.json() as { id: string; kind: string; mime: string; size: number; width: number; height: number; state: string; url: string; thumbnailUrl: string }
    expect(m).toMatchObject({ kind: 'image', mime: 'image/jpeg', size: jpeg.length, width: 800, height: 600, state: 'ready' })
    const file = await fetch(`${gw.url}${m.url}`)
    expect(file.status).toBe(200)
    expect(Buffer.from(await file.arrayBuffer()).equals(jpeg)).toBe(true)
    const thumb = await sharp(Buffer.from(await (await fetch(`${gw.url}${m.thumbnailUrl}`)).arrayBuffer())).metadata()
    expect([thumb.format, thumb.width]).toEqual(['jpeg', 320])
    const usage = (await gw.app.inject({ method: 'GET', url: '/api/v1/media/usage', headers: owner.auth })).json()
    expect(usage.bytes).toBeGreaterThanOrEqual(jpeg.length)
    const me = (await gw.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: owner.auth })).json()
    const tenantId = me.tenant?.id ?? me.tenantId ?? me.user?.tenantId
    const metrics = await (await fetch(`${gw.url}/metrics`, { headers: { authorization: `Bearer ${TEST_METRICS_TOKEN}` } })).text()
    expect(metrics).toContain(`warta_media_stored_bytes{tenant="${tenantId}"} ${usage.bytes}`)
    expect(metrics).toMatch(/warta_media_files\{state="ready"\} \d+/)
  })

  it('refuses a disguised file (415) and an oversized one (413) with stable codes, keeping nothing', async () => {
    const owner = await registerOwner(gw.app)
    const html = Buffer.from('<html><body><script>fetch("/api")</script></body></html>')
    const disguised = await post(owner.auth, form(html, 'foto.jpg', 'image/jpeg'))
    expect(disguised.status).toBe(415)
    expect(((await disguised.json()) as { error: { code: string } }).error.code).toBe('media.unsupported_type')
    const svg = await post(owner.auth, form(Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'), 'a.svg', 'image/svg+xml'))
    expect(svg.status).toBe(415)
    const big = Buffer.concat([await sharp({ create: { width: 8, height: 8, channels: 3, background: '#000' } }).jpeg().toBuffer(), Buffer.alloc(1_500_000, 7)])
    const tooBig = await post(owner.auth, form(big, 'besar.jpg', 'image/jpeg'))
    expect(tooBig.status).toBe(413)
    expect(((await tooBig.json()) as { error: { code: string } }).error.code).toBe('media.too_large')
    const notMultipart = await post(owner.auth, JSON.stringify({ file: 'x' }), { 'content-type': 'application/json' })
    expect(notMultipart.status).toBe(415)
    expect((await gw.app.inject({ method: 'GET', url: '/api/v1/media/usage', headers: owner.auth })).json()).toEqual({ bytes: 0, files: 0, retentionDays: 180 })
    // A multipart body cut off in the middle of the file: the client's fault, a 400 with a code.
    const cut = await post(owner.auth, '--XyZ\r\nContent-Disposition: form-data; name="file"; filename="a.jpg"\r\nContent-Type: image/jpeg\r\n\r\n\xff\xd8\xff\xe0 half a photo', { 'content-type': 'multipart/form-data; boundary=XyZ' })
    expect(cut.status).toBe(400)
    expect(((await cut.json()) as { error: { code: string } }).error.code).toBe('media.bad_upload')
    const empty = await post(owner.auth, '--XyZ--\r\n', { 'content-type': 'multipart/form-data; boundary=XyZ' })
    expect(empty.status).toBe(400)
    const anonymous = await fetch(`${gw.url}/api/v1/media`, { method: 'POST', body: form(html, 'a.txt', 'text/plain') })
    expect(anonymous.status).toBe(401)
  })

  it('signed links: another tenant or a changed id gets 404, an expired one 410', async () => {
    const a = await registerOwner(gw.app)
    const b = await registerOwner(gw.app)
    const pdf = Buffer.from('%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n')
    const ma = await (await post(a.auth, form(pdf, 'nota.pdf', 'application/pdf'))).json() as { id: string; url: string }
    const mb = await (await post(b.auth, form(Buffer.concat([pdf, Buffer.from('b')]), 'nota-b.pdf', 'application/pdf'))).json() as { id: string; url: string }
    const ua = new URL(ma.url, gw.url)
    const ub = new URL(mb.url, gw.url)
    const ok = await fetch(ua)
    expect(ok.headers.get('content-disposition')).toMatch(/^attachment/)
    expect(ok.headers.get('content-type')).toBe('application/octet-stream')
    // B's signature with A's file id, and A's link pointed at B's tenant: both refused.
    expect((await fetch(`${gw.url}${ua.pathname}${ub.search}`)).status).toBe(404)
    const crossed = new URL(ua); crossed.searchParams.set('t', ub.searchParams.get('t')!)
    expect((await fetch(crossed)).status).toBe(404)
    const expired = new URL(ua); expired.searchParams.set('exp', String(Math.floor(Date.now() / 1000) - 5))
    expect((await fetch(expired)).status).toBe(404) // the signature covers exp: changing it is tampering
    await new Promise((r) => setTimeout(r, 11_000))
    const late = await fetch(ua)
    expect(late.status).toBe(410)
    expect(((await late.json()) as { error: { code: string } }).error.code).toBe('media.link_expired')
  })
})
