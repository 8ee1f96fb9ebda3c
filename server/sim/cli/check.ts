// `npm run sim:check`: the whole flow once in a fresh process against stock Baileys, one JSON line,
// exit 0 only when every step passed.
import { WaSim } from '../sim.js'
import { trustSimulatorRoot } from '../trust.js'
import { memoryAuth, simSocket } from '../testing/baileys-client.js'
import { quietLibsignal } from './quiet.js'

quietLibsignal()
process.env.WA_SIM = '1'
const result: Record<string, unknown> = { ok: false }
const t0 = Date.now()
const sim = await WaSim.start({ deliveryReceiptMs: 100 })
trustSimulatorRoot(sim.rootPublicKey)
const timeout = <T>(p: Promise<T>, what: string, ms = 20_000) =>
  Promise.race([p, new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`timed out: ${what}`)), ms))])

try {
  const auth = memoryAuth()
  const qrStart = Date.now()
  let sock = simSocket(sim.url, auth)
  const qr = await timeout(new Promise<string>((resolve) => sock.ev.on('connection.update', (u) => { if (u.qr) resolve(u.qr) })), 'QR')
  result.qrMs = Date.now() - qrStart
  const phone = sim.createPhone({ pushName: 'Toko Cek' })
  const openStart = Date.now()
  await timeout(phone.scan(qr), 'scan')
  await timeout(new Promise<void>((resolve) => sock.ev.on('connection.update', (u) => { if (u.connection === 'close') resolve() })), '515')
  sock = simSocket(sim.url, auth)
  await timeout(new Promise<void>((resolve) => sock.ev.on('connection.update', (u) => { if (u.connection === 'open') resolve() })), 'open')
  result.openMs = Date.now() - openStart
  const customer = sim.createCustomer({ name: 'Budi' })
  const inboundStart = Date.now()
  const inbound = new Promise<void>((resolve) => sock.ev.on('messages.upsert', ({ messages }) => { if (messages.some((m) => m.message?.conversation === 'halo kak')) resolve() }))
  await customer.sendText(phone, 'halo kak')
  await timeout(inbound, 'inbound')
  result.inboundMs = Date.now() - inboundStart
  const outboundStart = Date.now()
  const delivered = new Promise<void>((resolve) => sock.ev.on('messages.update', (ups) => { if (ups.some((u) => u.update.status === 3)) resolve() }))
  await sock.sendMessage(customer.jid, { text: 'halo juga' })
  await timeout(sim.waitForOutgoing({ to: customer, match: (m) => m.text === 'halo juga' }), 'outbound decrypt')
  result.outboundMs = Date.now() - outboundStart
  await timeout(delivered, 'delivery receipt')
  result.deliveredMs = Date.now() - outboundStart
  sock.end(undefined)
  result.unknownIq = sim.stats().unknownIq
  result.ok = result.unknownIq === 0
} catch (err) {
  result.error = (err as Error).message
  result.unknownIq = sim.stats().unknownIq
}
result.totalMs = Date.now() - t0
await sim.close()
process.stdout.write(`${JSON.stringify(result)}\n`)
process.exit(result.ok ? 0 : 1)
