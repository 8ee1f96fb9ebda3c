// The guarded client against real local HTTP servers: what it refuses never opens a connection
// (so timing cannot tell open ports from closed ones), what the operator allows works, and
// redirects and DNS answers are checked at every hop.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createGuardedHttp } from './guarded-fetch.js'

interface Local { server: Server; port: number; url: string; connections: number; seen: IncomingMessage[] }
async function local(handler: (req: IncomingMessage, res: ServerResponse) => void): Promise<Local> {
  const server = createServer(handler)
  const l: Local = { server, port: 0, url: '', connections: 0, seen: [] }
  server.on('connection', () => { l.connections += 1 })
  server.on('request', (req) => l.seen.push(req))
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  l.port = (server.address() as AddressInfo).port
  l.url = `http://127.0.0.1:${l.port}`
  return l
}

let target: Local
let redirector: Local
beforeAll(async () => {
  target = await local((_req, res) => { res.setHeader('content-type', 'application/json'); res.end('{"ok":true}') })
  redirector = await local((req, res) => {
    const to = new URL(req.url!, 'http://x').searchParams.get('to')!
    res.writeHead(Number(new URL(req.url!, 'http://x').searchParams.get('status') ?? 302), { location: to })
    res.end()
  })
})
afterAll(async () => {
  for (const l of [target, redirector]) { l.server.closeAllConnections(); await new Promise((r) => l.server.close(r)) }
})

const strict = () => createGuardedHttp({ allowHosts: [], allowHttp: false })
const operatorAllows127 = () => createGuardedHttp({ allowHosts: ['127.0.0.1'], allowHttp: true })

describe('guarded outbound HTTP', () => {
  it('refuses a loopback URL without the allow-list, before any connection is made', async () => {
    const http = strict()
    const before = target.connections
    await expect(http.fetch(`${target.url}/v1/models`)).rejects.toMatchObject({ code: 'net.forbidden_address' })
    await expect(http.fetch(`https://127.0.0.1:${target.port}/v1/models`)).rejects.toMatchObject({ code: 'net.forbidden_address' })
    await expect(http.checkUrl(`http://localhost:${target.port}/v1`)).rejects.toMatchObject({ code: 'net.forbidden_address' })
    expect(target.connections).toBe(before)
    await http.close()
  })

  it('refuses the cloud metadata address and other private targets whatever the scheme', async () => {
    const http = strict()
    for (const url of ['http://169.254.169.254/latest/meta-data/', 'https://169.254.169.254/', 'https://[::ffff:169.254.169.254]/', 'https://10.0.0.1/', 'https://[::1]/', 'https://0.0.0.0/', 'https://[fd00::1]/', 'https://2130706433/']) {
      await expect(http.checkUrl(url), url).rejects.toMatchObject({ code: 'net.forbidden_address' })
    }
    await expect(http.checkUrl('ftp://example.com/')).rejects.toMatchObject({ code: 'net.forbidden_address' })
    await http.close()
  })

  it('sends a FormData body (an audio upload) as multipart with its boundary, not as text', async () => {
    let received = { type: '', body: Buffer.alloc(0) }
    const echo = await local(async (req, res) => {
      const parts: Buffer[] = []
      for await (const c of req) parts.push(c as Buffer)
      received = { type: String(req.headers['content-type']), body: Buffer.concat(parts) }
      res.end('{}')
    })
    try {
      const http = operatorAllows127()
      const form = new FormData()
      const audio = Buffer.from([0x4f, 0x67, 0x67, 0x53, 0, 255, 13, 10])
      form.append('model', 'whisper-1')
      form.append('file', new Blob([audio], { type: 'audio/ogg' }), 'note.ogg')
      expect((await http.fetch(`${echo.url}/v1/audio/transcriptions`, { method: 'POST', body: form })).status).toBe(200)
      const boundary = /boundary=(.+)$/.exec(received.type)?.[1]
      expect(received.type).toMatch(/^multipart\/form-data; boundary=/)
      expect(received.body.includes(Buffer.from(`--${boundary}`))).toBe(true)
      expect(received.body.includes(audio)).toBe(true)
      expect(received.body.toString('latin1')).toContain('name="file"; filename="note.ogg"')
      await http.close()
    } finally {
      echo.server.closeAllConnections(); await new Promise((r) => echo.server.close(r))
    }
  })

  it('calls a host the operator allowed, with plain http only when that is allowed too', async () => {
    const http = operatorAllows127()
    const res = await http.fetch(`${target.url}/v1/models`, { headers: { authorization: 'Bearer sk-x' } })
    expect(res.status).toBe(200)
    expect(await res.json()).toEqual({ ok: true })
    await http.close()
    const httpsOnly = createGuardedHttp({ allowHosts: ['127.0.0.1'], allowHttp: false })
    await expect(httpsOnly.fetch(`${target.url}/v1/models`)).rejects.toMatchObject({ code: 'net.forbidden_address' })
    await httpsOnly.close()
  })

  it('requires https for public hosts even when http is allowed for the operator’s own hosts', async () => {
    const http = createGuardedHttp({ allowHosts: ['127.0.0.1'], allowHttp: true }, { resolve: async () => ['93.184.216.34'] })
    await expect(http.checkUrl('http://api.example.com/v1')).rejects.toMatchObject({ code: 'net.forbidden_address' })
    await expect(http.checkUrl('https://api.example.com/v1')).resolves.toBeUndefined()
    await http.close()
  })

  it('refuses a redirect to a private address, and to the metadata address', async () => {
    const http = operatorAllows127()
    for (const to of ['http://10.1.2.3/', 'http://169.254.169.254/latest/meta-data/', 'http://[::1]:80/']) {
      await expect(http.fetch(`${redirector.url}/?to=${encodeURIComponent(to)}`)).rejects.toMatchObject({ code: 'net.forbidden_address' })
    }
    await http.close()
  })

  it('follows an allowed redirect, and drops the key when it leaves the origin', async () => {
    const http = operatorAllows127()
    const before = target.seen.length
    const res = await http.fetch(`${redirector.url}/?status=307&to=${encodeURIComponent(`${target.url}/v1/chat`)}`, {
      method: 'POST', headers: { authorization: 'Bearer sk-tenant-secret', 'content-type': 'application/json' }, body: '{"a":1}',
    })
    expect(res.status).toBe(200)
    const req = target.seen[before]!
    expect(req.method).toBe('POST')
    expect(req.headers.authorization).toBeUndefined()
    await http.close()
  })

  it('checks the address it connects to, so a name that rebinds to loopback after the check is refused', async () => {
    let calls = 0
    const rebinding = async () => (++calls === 1 ? ['93.184.216.34'] : ['127.0.0.1'])
    const http = createGuardedHttp({ allowHosts: [], allowHttp: false }, { resolve: rebinding })
    const before = target.connections
    await expect(http.fetch(`https://rebind.test:${target.port}/v1/models`)).rejects.toMatchObject({ code: 'net.forbidden_address' })
    expect(calls).toBe(2)
    expect(target.connections).toBe(before)
    await http.close()
  })

  it('says so when a name does not resolve', async () => {
    const http = createGuardedHttp({ allowHosts: [], allowHttp: false }, { resolve: async (h) => { throw Object.assign(new Error(`ENOTFOUND ${h}`), { code: 'ENOTFOUND' }) } })
    await expect(http.checkUrl('https://no-such-host.invalid/v1')).rejects.toMatchObject({ code: 'net.unresolvable_host', status: 400 })
    await http.close()
  })
})
