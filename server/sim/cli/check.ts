// `npm run sim:check`: the core flow once, in a fresh process, against stock Baileys — QR, scan,
// 515, open, customer text in, reply out (decrypted by the simulator), delivery and read
// receipts, re-login from saved creds — and ONE JSON line with the timings. Exit 0 only when every
// step passed and the simulator saw no unknown IQ.
import { WaSim } from '../sim.js'
import { trustSimulatorRoot } from '../trust.js'
import { memoryAuth, simSocket } from '../testing/baileys-client.js'
import { Client, textOf, waitUntil } from '../testing/client.js'
import { quietLibsignal } from './quiet.js'

quietLibsignal()
process.env.WA_SIM = '1'
const result: Record<string, unknown> = { ok: false }
const t0 = Date.now()
const sim = await WaSim.start({ deliveryReceiptMs: 100 })
trustSimulatorRoot(sim.rootPublicKey)
const clients: Client[] = []
const open = (auth = memoryAuth()) => { const c = new Client(simSocket(sim.url, auth), auth); clients.push(c); return c }
let step = 'start'
/** Runs one step with a deadline well under Baileys' 60 s query timeout; records its duration. */
async function timed<T>(name: string, fn: () => Promise<T>, ms = 15_000): Promise<T> {
  step = name
  const started = Date.now()
  let timer: NodeJS.Timeout | undefined
  try {
    return await Promise.race([fn(), new Promise<never>((_, reject) => { timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms`)), ms) })])
  } finally {
    clearTimeout(timer)
    result[`${name}Ms`] = Date.now() - started
  }
}

try {
  const first = open()
  const qr = await timed('qr', () => first.qr())
  const phone = sim.createPhone({ pushName: 'Toko Cek' })
  const client = await timed('open', async () => {
    await phone.scan(qr)
    if ((await first.closeCode()) !== 515) throw new Error('pairing did not end with 515')
    const c = open(first.auth)
    await c.opened()
    return c
  })
  const customer = sim.createCustomer({ name: 'Budi' })
  await timed('inbound', async () => {
    await customer.sendText(phone, 'halo kak')
    await waitUntil(() => client.upserts.some((u) => textOf(u.message) === 'halo kak' && u.type === 'notify'))
  })
  const out = await timed('outbound', async () => {
    const sent = await client.sock.sendMessage(customer.jid, { text: 'halo juga' })
    return sim.waitForOutgoing({ to: customer, match: (m) => m.id === sent?.key.id && m.text === 'halo juga' })
  })
  await timed('delivered', () => waitUntil(() => client.statuses.some((s) => s.id === out.id && s.status === 3)))
  await timed('read', async () => { customer.markRead(out.id); await waitUntil(() => client.statuses.some((s) => s.id === out.id && s.status === 4)) })
  client.sock.end(undefined)
  await timed('relogin', () => open(first.auth).opened())
  result.unknownIq = sim.stats().unknownIq
  result.ok = result.unknownIq === 0
  if (!result.ok) result.unknownIqs = sim.stats().unknownIqs
} catch (err) {
  result.error = `${step}: ${(err as Error).message}`
  result.unknownIq = sim.stats().unknownIq
}
result.totalMs = Date.now() - t0
for (const c of clients) c.sock.end(undefined)
await sim.close()
process.stdout.write(`${JSON.stringify(result)}\n`)
process.exit(result.ok ? 0 : 1)
