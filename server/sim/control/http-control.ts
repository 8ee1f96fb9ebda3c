// HTTP/JSON control API for a product running in another process. It shares the simulator's
// HTTP server, which listens on 127.0.0.1 only; requests from anywhere else are refused anyway.
//   GET  /control/stats                          GET  /control/snapshot   (BufferJSON text)
//   POST /control/phones {pn?,pushName?}          GET  /control/phones/:pn (devices, online)
//   POST /control/phones/:pn/scan {qr}            POST /control/phones/:pn/pairing-code {code}
//   POST /control/phones/:pn/unlink {device}      POST /control/phones/:pn/ban
//   POST /control/phones/:pn/send {to, text}      (the owner types on the phone; fromMe)
//   POST /control/customers {pn?,name?}           POST /control/customers/:pn/send {to, text, offline?}
//   POST /control/customers/:pn/read {id}         POST /control/customers/:pn/delivered {id}
//   GET  /control/outgoing?to=PN                  GET  /control/outgoing/wait?to=PN&id=&text=&timeout=ms
//   POST /control/kick {device, reason: replaced|restart|unavailable}
//   media: see media-control.ts
import type { IncomingMessage, ServerResponse } from 'node:http'
import { proto } from '@whiskeysockets/baileys'
import type { OutgoingMessage } from '../flows/messaging.js'
import type { WaSim } from '../sim.js'
import { serializeSnapshot } from '../state/snapshot.js'
import type { KickReason } from '../wire/stanzas.js'
import { mediaControl } from './media-control.js'

class HttpError extends Error { constructor(readonly status: number, message: string) { super(message) } }

async function readJson(req: IncomingMessage): Promise<Record<string, unknown>> {
  let body = ''
  for await (const chunk of req) body += String(chunk)
  try { return body ? (JSON.parse(body) as Record<string, unknown>) : {} } catch { throw new HttpError(400, 'body is not JSON') }
}

const str = (v: unknown, name: string): string => {
  if (typeof v !== 'string' || !v) throw new HttpError(400, `${name} is required`)
  return v
}
const opt = (v: unknown): string | undefined => (typeof v === 'string' && v ? v : undefined)

const outgoingJson = (m: OutgoingMessage) => ({
  id: m.id, from: m.from, to: m.to, text: m.text ?? null, encType: m.encType ?? null, at: m.at,
  message: m.message ? proto.Message.toObject(m.message as proto.Message) : null,
})

const KICK_REASONS: readonly KickReason[] = ['replaced', 'restart', 'unavailable']

async function route(sim: WaSim, method: string, url: URL, body: Record<string, unknown>): Promise<unknown> {
  const [, resource, id, action] = url.pathname.split('/').filter(Boolean) // control, resource, id, action
  const q = (k: string) => url.searchParams.get(k) ?? undefined
  if (resource === 'stats') return { ...sim.stats(), rssMB: Math.round(process.memoryUsage().rss / 1048576) }
  if (resource === 'kick') {
    const reason = str(body.reason, 'reason') as KickReason
    if (!KICK_REASONS.includes(reason)) throw new HttpError(400, `reason must be one of ${KICK_REASONS.join(', ')}`)
    sim.kick(str(body.device, 'device'), reason)
    return { ok: true }
  }
  if (resource === 'outgoing') {
    const to = q('to')
    if (id === 'wait') {
      const want = { id: q('id'), text: q('text') }
      const m = await sim.waitForOutgoing({ ...(to ? { to } : {}), timeout: Number(q('timeout') ?? 10_000), match: (o) => (!want.id || o.id === want.id) && (!want.text || o.text === want.text) })
      return outgoingJson(m)
    }
    const customer = to ? sim.customer(to) : undefined
    return (customer ? customer.received() : sim.outgoing).map(outgoingJson)
  }
  if (resource === 'phones') {
    if (!id && method === 'POST') { const p = sim.createPhone({ ...(opt(body.pn) ? { pn: opt(body.pn)! } : {}), ...(opt(body.pushName) ? { pushName: opt(body.pushName)! } : {}) }); return { pn: p.pn, jid: p.jid } }
    const phone = id ? sim.phone(id) : undefined
    if (!phone) throw new HttpError(404, 'unknown phone')
    if (!action && method === 'GET') return { pn: phone.pn, jid: phone.jid, banned: phone.banned, devices: phone.devices.map((d) => ({ jid: d.jid, lid: d.lid, online: Boolean(d.conn) })) }
    if (action === 'scan') return { device: (await phone.scan(str(body.qr, 'qr'))).jid }
    if (action === 'pairing-code') return { device: (await phone.enterPairingCode(str(body.code, 'code'))).jid }
    if (action === 'unlink') { const d = sim.companion(str(body.device, 'device')); if (d) phone.unlink(d); return { ok: Boolean(d) } }
    if (action === 'ban') { phone.ban(); return { ok: true } }
    if (action === 'send') return { id: await phone.sendText(str(body.to, 'to'), str(body.text, 'text')) }
  }
  if (resource === 'customers') {
    if (!id && method === 'POST') { const c = sim.createCustomer({ ...(opt(body.pn) ? { pn: opt(body.pn)! } : {}), ...(opt(body.name) ? { name: opt(body.name)! } : {}) }); return { pn: c.pn, jid: c.jid } }
    const customer = id ? sim.customer(id) : undefined
    if (!customer) throw new HttpError(404, 'unknown customer')
    if (action === 'send') return { id: await customer.sendText(str(body.to, 'to'), str(body.text, 'text'), { offline: body.offline === true }) }
    if (action === 'read') return { ok: customer.markRead(str(body.id, 'id')) }
    if (action === 'delivered') return { ok: customer.markDelivered(str(body.id, 'id')) }
    if (action) {
      const answer = await mediaControl(sim, customer, action, body, (status, message) => new HttpError(status, message))
      if (answer !== undefined) return answer
    }
  }
  throw new HttpError(404, 'not found')
}

export async function handleControl(sim: WaSim, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const send = (status: number, body: string) => { res.writeHead(status, { 'content-type': 'application/json' }); res.end(body) }
  const remote = req.socket.remoteAddress ?? ''
  if (!['127.0.0.1', '::1', '::ffff:127.0.0.1'].includes(remote)) return send(403, JSON.stringify({ error: 'loopback only' }))
  const url = new URL(req.url ?? '/', 'http://sim')
  if (!url.pathname.startsWith('/control/')) return send(404, JSON.stringify({ error: 'not found' }))
  try {
    if (url.pathname === '/control/snapshot') return send(200, serializeSnapshot(sim.snapshot()))
    const body = req.method === 'POST' ? await readJson(req) : {}
    send(200, JSON.stringify(await route(sim, req.method ?? 'GET', url, body)))
  } catch (err) {
    const status = err instanceof HttpError ? err.status : /timed out/.test((err as Error).message) ? 408 : /unknown|expired|not connected/.test((err as Error).message) ? 404 : 500
    send(status, JSON.stringify({ error: (err as Error).message }))
  }
}
