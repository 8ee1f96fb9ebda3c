// HTTP/JSON control API for a product running in another process (127.0.0.1 only):
//   GET  /control/stats                      GET /control/snapshot
//   POST /control/phones {pn?,pushName?}      POST /control/phones/:pn/scan {qr}
//   POST /control/phones/:pn/pairing-code {code}   POST /control/phones/:pn/unlink {device}
//   POST /control/phones/:pn/ban              POST /control/phones/:pn/send {to, text}
//   POST /control/customers {pn?,name?}       POST /control/customers/:pn/send {to, text, offline?}
//   POST /control/customers/:pn/read {id}     GET  /control/outgoing?to=PN
//   POST /control/kick {device, reason: replaced|restart|unavailable}
import type { IncomingMessage, ServerResponse } from 'node:http'
import { proto } from '@whiskeysockets/baileys'
import type { WaSim } from '../sim.js'
import { serializeSnapshot } from '../state/snapshot.js'

async function readJson(req: IncomingMessage): Promise<Record<string, unknown>> {
  let body = ''
  for await (const chunk of req) body += String(chunk)
  return body ? (JSON.parse(body) as Record<string, unknown>) : {}
}

const str = (v: unknown, name: string): string => {
  if (typeof v !== 'string' || !v) throw Object.assign(new Error(`${name} is required`), { status: 400 })
  return v
}

export async function handleControl(sim: WaSim, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://sim')
  const parts = url.pathname.split('/').filter(Boolean) // control, resource, id, action
  const send = (status: number, body: unknown, raw = false) => {
    res.writeHead(status, { 'content-type': 'application/json' })
    res.end(raw ? (body as string) : JSON.stringify(body))
  }
  try {
    if (parts[0] !== 'control') return send(404, { error: 'not found' })
    const body = req.method === 'POST' ? await readJson(req) : {}
    const [, resource, id, action] = parts
    if (resource === 'stats') return send(200, { ...sim.stats(), rssMB: Math.round(process.memoryUsage().rss / 1048576) })
    if (resource === 'snapshot') return send(200, serializeSnapshot(sim.snapshot()), true)
    if (resource === 'kick') { sim.kick(str(body.device, 'device'), str(body.reason, 'reason') as never); return send(200, { ok: true }) }
    if (resource === 'outgoing') {
      const to = url.searchParams.get('to')
      const list = sim.outgoing.filter((m) => !to || m.recipients.some((r) => r.jid.startsWith(to)))
      return send(200, list.map((m) => ({ id: m.id, from: m.from, to: m.to, text: m.text, encType: m.encType, at: m.at, message: m.message ? proto.Message.toObject(m.message as proto.Message) : null })))
    }
    if (resource === 'phones') {
      if (!id) { const p = sim.createPhone({ ...(typeof body.pn === 'string' ? { pn: body.pn } : {}), ...(typeof body.pushName === 'string' ? { pushName: body.pushName } : {}) }); return send(200, { pn: p.pn, jid: p.jid }) }
      const phone = sim.phone(id)
      if (!phone) return send(404, { error: 'unknown phone' })
      if (action === 'scan') { const d = await phone.scan(str(body.qr, 'qr')); return send(200, { device: d.jid }) }
      if (action === 'pairing-code') { const d = await phone.enterPairingCode(str(body.code, 'code')); return send(200, { device: d.jid }) }
      if (action === 'unlink') { const d = sim.companion(str(body.device, 'device')); if (d) phone.unlink(d); return send(200, { ok: Boolean(d) }) }
      if (action === 'ban') { phone.ban(); return send(200, { ok: true }) }
      if (action === 'send') {
        const c = sim.customer(str(body.to, 'to'))
        if (!c) return send(404, { error: 'unknown customer' })
        return send(200, { id: await phone.sendText(c, str(body.text, 'text')) })
      }
    }
    if (resource === 'customers') {
      if (!id) { const c = sim.createCustomer({ ...(typeof body.pn === 'string' ? { pn: body.pn } : {}), ...(typeof body.name === 'string' ? { name: body.name } : {}) }); return send(200, { pn: c.pn, jid: c.jid }) }
      const customer = sim.customer(id)
      if (!customer) return send(404, { error: 'unknown customer' })
      if (action === 'send') return send(200, { id: await customer.sendText(str(body.to, 'to'), str(body.text, 'text'), { offline: body.offline === true }) })
      if (action === 'read') { customer.markRead(str(body.id, 'id')); return send(200, { ok: true }) }
    }
    return send(404, { error: 'not found' })
  } catch (err) {
    send((err as { status?: number }).status ?? 500, { error: (err as Error).message })
  }
}
