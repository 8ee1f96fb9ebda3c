// Stock Baileys against the simulator: pairing, login, messages both ways, receipts, close codes,
// and no unknown IQ anywhere (an unknown IQ means a silent 60 s stall in real use).
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import type { WASocket } from '@whiskeysockets/baileys'
import { WaSim, trustSimulatorRoot } from './index.js'
import { memoryAuth, simSocket, type MemoryAuth } from './testing/baileys-client.js'

process.env.WA_SIM = '1'
let sim: WaSim
const sockets: WASocket[] = []
beforeAll(async () => { sim = await WaSim.start({ deliveryReceiptMs: 100 }); trustSimulatorRoot(sim.rootPublicKey) })
afterAll(async () => { await sim.close() })
afterEach(() => {
  for (const s of sockets.splice(0)) s.end(undefined)
  expect(sim.stats().unknownIqs).toEqual([])
})

type Update = { connection?: string; qr?: string; lastDisconnect?: { error?: { output?: { statusCode?: number } } } }
function open(auth: MemoryAuth, extra = {}) {
  const sock = simSocket(sim.url, auth, extra)
  sockets.push(sock)
  const updates: Update[] = []
  sock.ev.on('connection.update', (u) => updates.push(u as Update))
  const wait = (pred: (u: Update) => boolean, ms = 15_000) => new Promise<Update>((resolve, reject) => {
    const found = updates.find(pred)
    if (found) return resolve(found)
    const timer = setTimeout(() => reject(new Error('timed out waiting for connection update')), ms)
    sock.ev.on('connection.update', (u) => { if (pred(u as Update)) { clearTimeout(timer); resolve(u as Update) } })
  })
  return { sock, updates, wait, closeCode: async () => (await wait((u) => u.connection === 'close')).lastDisconnect?.error?.output?.statusCode }
}

async function pair(pushName = 'Toko Test') {
  const auth = memoryAuth()
  const first = open(auth)
  const { qr } = await first.wait((u) => Boolean(u.qr))
  const phone = sim.createPhone({ pushName })
  await phone.scan(qr!)
  expect(await first.closeCode()).toBe(515)
  const second = open(auth)
  await second.wait((u) => u.connection === 'open')
  return { auth, phone, sock: second.sock, conn: second }
}

describe('stock Baileys against the simulator', () => {
  it('pairs by QR: scan, 515 restart, then open with the account in creds', async () => {
    const { auth, phone } = await pair()
    expect(auth.creds.me?.id.startsWith(`${phone.pn}:`)).toBe(true)
    expect(auth.creds.me?.lid).toMatch(/@lid$/)
    expect(auth.creds.registered || auth.creds.me).toBeTruthy()
  })

  it('logs in again from saved creds without a QR', async () => {
    const { auth, sock } = await pair()
    sock.end(undefined)
    const again = open(auth)
    await again.wait((u) => u.connection === 'open')
    expect(again.updates.some((u) => u.qr)).toBe(false)
  })

  it('pairs by phone-number code', async () => {
    const auth = memoryAuth()
    const c = open(auth)
    await c.wait((u) => Boolean(u.qr))
    const phone = sim.createPhone()
    const code = await c.sock.requestPairingCode(phone.pn)
    expect(code).toMatch(/^[A-Z0-9]{8}$/)
    await phone.enterPairingCode(code)
    expect(await c.closeCode()).toBe(515)
    const second = open(auth)
    await second.wait((u) => u.connection === 'open')
  })

  it('receives customer texts (pkmsg then msg), sends a reply the customer decrypts, and gets receipts', async () => {
    const { sock, phone } = await pair()
    const customer = sim.createCustomer({ name: 'Budi' })
    const got: Array<{ text: string; type: string; fromMe: boolean }> = []
    sock.ev.on('messages.upsert', ({ messages, type }) => {
      for (const m of messages) got.push({ text: m.message?.conversation ?? m.message?.extendedTextMessage?.text ?? '', type, fromMe: Boolean(m.key.fromMe) })
    })
    const statuses: number[] = []
    sock.ev.on('messages.update', (ups) => { for (const u of ups) if (u.update.status) statuses.push(u.update.status) })
    await customer.sendText(phone, 'Kak, menu hari ini apa?')
    await customer.sendText(phone, 'Sama harga kopi susu?')
    await waitUntil(() => got.length >= 2)
    expect(got.map((g) => [g.text, g.type])).toEqual([['Kak, menu hari ini apa?', 'notify'], ['Sama harga kopi susu?', 'notify']])
    const sent = await sock.sendMessage(customer.jid, { text: 'Halo Budi, menu hari ini kopi susu Rp 22.000' })
    const out = await sim.waitForOutgoing({ to: customer, match: (m) => m.id === sent!.key.id })
    expect(out.text).toBe('Halo Budi, menu hari ini kopi susu Rp 22.000')
    expect(out.recipients.some((r) => r.kind === 'phone' && r.message?.deviceSentMessage)).toBe(true)
    await waitUntil(() => statuses.includes(3))
    customer.markRead(out.id)
    await waitUntil(() => statuses.includes(4))
  })

  it('delivers messages sent while the device was offline as an append backlog on the next login', async () => {
    const { auth, sock, phone } = await pair()
    sock.end(undefined)
    await waitUntil(() => phone.devices.every((d) => !d.conn))
    const customer = sim.createCustomer()
    await customer.sendText(phone, 'pesan waktu offline 1')
    await customer.sendText(phone, 'pesan waktu offline 2')
    const again = open(auth)
    const got: Array<{ text: string; type: string }> = []
    again.sock.ev.on('messages.upsert', ({ messages, type }) => { for (const m of messages) got.push({ text: m.message?.conversation ?? '', type }) })
    await waitUntil(() => got.length >= 2)
    expect(got).toEqual([{ text: 'pesan waktu offline 1', type: 'append' }, { text: 'pesan waktu offline 2', type: 'append' }])
  })

  it('asks a device low on one-time pre-keys to upload more, and Baileys does', async () => {
    const { phone } = await pair()
    const device = phone.devices[0]!
    phone.dropServerPreKeys(device, 3)
    const low = new Promise<void>((resolve) => sim.once('prekeys-low', () => resolve()))
    await sim.createCustomer().sendText(phone, 'halo')
    await low
    await waitUntil(() => device.serverPreKeys.size > 3)
  })

  it('answers a retry receipt with a fresh session, so a device that lost its session still gets the message', async () => {
    const { sock, phone, auth } = await pair()
    const customer = sim.createCustomer()
    const texts: string[] = []
    sock.ev.on('messages.upsert', ({ messages }) => { for (const m of messages) if (m.message?.conversation) texts.push(m.message.conversation) })
    await customer.sendText(phone, 'pertama')
    await waitUntil(() => texts.includes('pertama'))
    // The device loses its Signal session with this customer (as after a torn write elsewhere).
    for (const id of Object.keys(auth.keys.session ?? {})) delete auth.keys.session![id]
    const retried = sim.stats().retriesAnswered
    await customer.sendText(phone, 'kedua')
    await waitUntil(() => texts.includes('kedua'))
    expect(sim.stats().retriesAnswered).toBeGreaterThan(retried)
  })

  it('closes with 440 when the same device logs in elsewhere', async () => {
    const { auth, conn } = await pair()
    const other = open(auth)
    await other.wait((u) => u.connection === 'open')
    expect(await conn.closeCode()).toBe(440)
  })

  it('closes with 401 when the phone unlinks the device, and refuses its next login with 401', async () => {
    const { auth, conn, phone } = await pair()
    phone.unlink(phone.devices[0]!)
    expect(await conn.closeCode()).toBe(401)
    expect(await open(auth).closeCode()).toBe(401)
  })

  it('closes with 403 when the account is banned', async () => {
    const { auth, conn, phone } = await pair()
    phone.ban()
    expect(await conn.closeCode()).toBe(403)
    expect(await open(auth).closeCode()).toBe(403)
  })

  it('closes with 408 when every QR ref expired unscanned', async () => {
    const quick = await WaSim.start({ refsPerPairing: 2 })
    try {
      const sock = simSocket(quick.url, memoryAuth(), { qrTimeout: 300 })
      sockets.push(sock)
      const code = await new Promise<number | undefined>((resolve) => sock.ev.on('connection.update', (u) => {
        if (u.connection === 'close') resolve((u.lastDisconnect?.error as { output?: { statusCode?: number } })?.output?.statusCode)
      }))
      expect(code).toBe(408)
      expect(quick.stats().unknownIq).toBe(0)
    } finally { await quick.close() }
  })
})

async function waitUntil(fn: () => boolean, ms = 15_000): Promise<void> {
  const deadline = Date.now() + ms
  while (!fn()) {
    if (Date.now() > deadline) throw new Error('timed out')
    await new Promise((r) => setTimeout(r, 25))
  }
}
