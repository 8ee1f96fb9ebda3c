// 1:1 text both ways between stock Baileys and simulated customers, with real Signal on both
// ends: pkmsg then msg, offline backlog, owner messages typed on the phone, receipts, pre-key
// top-ups and retry receipts.
import { describe, expect, it } from 'vitest'
import type { InboundEvent } from '../flows/inbound.js'
import { simSuite, textOf, waitUntil } from '../testing/harness.js'

const t = simSuite({ deliveryReceiptMs: 100 })

describe('messages between stock Baileys and simulated customers', () => {
  it('delivers customer texts as pkmsg until the shop answers, then as msg, all as notify upserts', async () => {
    const { client, phone } = await t.pair()
    const customer = t.sim.createCustomer({ name: 'Budi' })
    const inbound: InboundEvent[] = []
    t.sim.on('inbound', (e: InboundEvent) => inbound.push(e))
    t.cleanup(() => t.sim.removeAllListeners('inbound'))
    await customer.sendText(phone, 'Kak, menu hari ini apa?')
    await customer.sendText(phone, 'Sama harga kopi susu?')
    await waitUntil(() => client.upserts.length >= 2)
    // Signal keeps the pre-key header on every message until the other side has answered.
    const sent = await client.sock.sendMessage(customer.jid, { text: 'Kopi susu 22 ribu kak' })
    await t.sim.waitForOutgoing({ to: customer, match: (m) => m.id === sent!.key.id, timeout: 5000 })
    await customer.sendText(phone, 'Oke pesan satu')
    await waitUntil(() => client.upserts.filter((u) => !u.message.key.fromMe).length >= 3)
    expect(client.upserts.filter((u) => !u.message.key.fromMe).map((u) => [textOf(u.message), u.type])).toEqual([
      ['Kak, menu hari ini apa?', 'notify'], ['Sama harga kopi susu?', 'notify'], ['Oke pesan satu', 'notify'],
    ])
    expect(client.upserts[0]!.message.pushName).toBe('Budi')
    expect(inbound.map((e) => e.encType)).toEqual(['pkmsg', 'pkmsg', 'msg'])
  })

  it('decrypts a reply for the customer and the own phone, then sends delivery and read receipts', async () => {
    const { client, phone } = await t.pair()
    const customer = t.sim.createCustomer({ name: 'Sari' })
    await customer.sendText(phone, 'Halo')
    await waitUntil(() => client.upserts.length >= 1)
    const sent = await client.sock.sendMessage(customer.jid, { text: 'Halo Sari, ada yang bisa dibantu?' })
    const out = await t.sim.waitForOutgoing({ to: customer, match: (m) => m.id === sent!.key.id, timeout: 5000 })
    expect(out.text).toBe('Halo Sari, ada yang bisa dibantu?')
    expect(out.from).toBe(phone.devices[0]!.jid)
    expect(['pkmsg', 'msg']).toContain(out.encType)
    // The account's own phone gets the DeviceSentMessage copy (DSM).
    const dsm = out.recipients.find((r) => r.kind === 'phone')?.message?.deviceSentMessage
    expect(dsm?.message?.extendedTextMessage?.text ?? dsm?.message?.conversation).toBe('Halo Sari, ada yang bisa dibantu?')
    expect(customer.received().map((m) => m.id)).toContain(out.id)
    await waitUntil(() => client.statuses.some((s) => s.id === out.id && s.status === 3), 5000, 'delivery receipt')
    expect(customer.markRead(out.id)).toBe(true)
    await waitUntil(() => client.statuses.some((s) => s.id === out.id && s.status === 4), 5000, 'read receipt')
  })

  it('delivers messages sent while the device was offline as an append backlog on the next login', async () => {
    const { client, phone, auth } = await t.pair()
    client.sock.end(undefined)
    await waitUntil(() => phone.devices.every((d) => !d.conn))
    const customer = t.sim.createCustomer()
    await customer.sendText(phone, 'pesan waktu offline 1')
    await customer.sendText(phone, 'pesan waktu offline 2')
    const again = t.client(auth)
    await waitUntil(() => again.upserts.length >= 2)
    expect(again.upserts.map((u) => [textOf(u.message), u.type])).toEqual([['pesan waktu offline 1', 'append'], ['pesan waktu offline 2', 'append']])
  })

  it('queues a message as offline backlog on request even while the device is online', async () => {
    const { client, phone, auth } = await t.pair()
    const customer = t.sim.createCustomer()
    await customer.sendText(phone, 'nanti saja', { offline: true })
    await new Promise((r) => setTimeout(r, 200))
    expect(client.upserts).toHaveLength(0)
    const again = t.client(auth) // replaces the first socket (440) and gets the backlog
    await waitUntil(() => again.upserts.length >= 1)
    expect(again.upserts.map((u) => [textOf(u.message), u.type])).toEqual([['nanti saja', 'append']])
  })

  it('shows a message the owner typed on the phone as fromMe in the customer chat', async () => {
    const { client, phone } = await t.pair()
    const customer = t.sim.createCustomer()
    const id = await phone.sendText(customer, 'Pesanan kakak sudah dikirim ya')
    await waitUntil(() => client.upserts.find((u) => u.message.key.id === id))
    const got = client.upserts.find((u) => u.message.key.id === id)!.message
    expect(got.key.fromMe).toBe(true)
    expect(got.key.remoteJid).toBe(customer.jid)
    expect(textOf(got)).toBe('Pesanan kakak sudah dikirim ya')
  })

  it('asks a device low on one-time pre-keys to upload more, and Baileys does', async () => {
    const { phone } = await t.pair()
    const device = phone.devices[0]!
    phone.dropServerPreKeys(device, 3)
    const low = new Promise<void>((resolve) => t.sim.once('prekeys-low', () => resolve()))
    await t.sim.createCustomer().sendText(phone, 'halo')
    await low
    await waitUntil(() => device.serverPreKeys.size > 3)
  })

  it('answers a retry receipt with a fresh session, so a device that lost its session still gets the message', async () => {
    const { client, phone, auth } = await t.pair()
    const customer = t.sim.createCustomer()
    await customer.sendText(phone, 'pertama')
    await waitUntil(() => client.texts().includes('pertama'))
    // The device loses its Signal session with this customer (as after a torn write elsewhere).
    for (const id of Object.keys(auth.keys.session ?? {})) delete auth.keys.session![id]
    const retried = t.sim.stats().retriesAnswered
    const id = await customer.sendText(phone, 'kedua')
    await waitUntil(() => client.texts().includes('kedua'))
    expect(t.sim.stats().retriesAnswered).toBeGreaterThan(retried)
    expect(t.sim.deviceReceipts.get(id)).toContain('retry')
    // Depending on timing Baileys may also nack the undecryptable copy; only error acks for it are allowed.
    expect(t.sim.errorAcks.filter((a) => a.id !== id)).toEqual([])
  })

  it('lets a customer ask the shop for a message again (retry receipt): Baileys re-sends it under the same id', async () => {
    const { client, phone } = await t.pair()
    const customer = t.sim.createCustomer()
    await customer.sendText(phone, 'halo')
    await waitUntil(() => client.texts().includes('halo'))
    const sent = await client.sock.sendMessage(customer.jid, { text: 'Pesanan sudah dikirim' })
    const first = await t.sim.waitForOutgoing({ to: customer, match: (m) => m.id === sent!.key.id, timeout: 5000 })
    const again = t.sim.waitForOutgoing({ to: customer, match: (m) => m.id === first.id && m !== first, timeout: 5000 })
    expect(customer.requestResend(first.id)).toBe(true)
    expect((await again).text).toBe('Pesanan sudah dikirim')
    expect(customer.requestResend('3EB0UNKNOWN')).toBe(false)
  })
})

describe('an account with two linked devices', () => {
  it('gives a customer text to both devices and mirrors what one device sends to the other as fromMe', async () => {
    const { client: a, phone } = await t.pair()
    // Link a second companion to the same phone.
    const first = t.client()
    await phone.scan(await first.qr())
    expect(await first.closeCode()).toBe(515)
    const b = t.client(first.auth)
    await b.opened()
    expect(phone.devices).toHaveLength(2)
    const customer = t.sim.createCustomer()
    await customer.sendText(phone, 'ke semua perangkat')
    await waitUntil(() => a.texts().includes('ke semua perangkat') && b.texts().includes('ke semua perangkat'))
    const sent = await a.sock.sendMessage(customer.jid, { text: 'dari perangkat A' })
    await waitUntil(() => b.upserts.find((u) => u.message.key.id === sent!.key.id), 5000, 'mirrored copy')
    const mirrored = b.upserts.find((u) => u.message.key.id === sent!.key.id)!.message
    expect(mirrored.key.fromMe).toBe(true)
    expect(mirrored.key.remoteJid).toBe(customer.jid)
    expect(textOf(mirrored)).toBe('dari perangkat A')
  })
})
