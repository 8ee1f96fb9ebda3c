// Pair once, reuse forever: snapshot/restore with saved client creds, and the HTTP control API a
// product in another process drives.
import { describe, expect, it } from 'vitest'
import { BufferJSON } from '@whiskeysockets/baileys'
import { parseSnapshot, serializeSnapshot } from '../state/snapshot.js'
import { WaSim } from '../sim.js'
import { memoryAuth, simSocket } from '../testing/baileys-client.js'
import { Client, simSuite, textOf, waitUntil } from '../testing/harness.js'

const t = simSuite()

async function control<T>(sim: WaSim, path: string, body?: unknown): Promise<{ status: number; json: T }> {
  const res = await fetch(`${sim.controlUrl}${path}`, body === undefined ? {} : { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })
  return { status: res.status, json: (await res.json()) as T }
}

describe('snapshot and restore', () => {
  it('restores accounts, devices and Signal sessions so saved creds log in and keep talking', async () => {
    const { client, phone, auth } = await t.pair('Toko Awet')
    const customer = t.sim.createCustomer({ name: 'Rina' })
    await customer.sendText(phone, 'sebelum restart')
    await waitUntil(() => client.upserts.length >= 1)
    const sent = await client.sock.sendMessage(customer.jid, { text: 'siap kak' })
    await t.sim.waitForOutgoing({ to: customer, match: (m) => m.id === sent!.key.id })
    client.sock.end(undefined)

    // Both sides go through JSON, as the load fixture does.
    const snapshot = parseSnapshot(serializeSnapshot(t.sim.snapshot()))
    const creds = JSON.parse(auth.serialize(), BufferJSON.reviver) as Parameters<typeof memoryAuth>[0]
    const restored = await WaSim.start({ restore: snapshot, deliveryReceiptMs: 100 })
    t.cleanup(() => restored.close())
    expect(restored.rootPublicKey.equals(t.sim.rootPublicKey)).toBe(true)
    const restoredAuth = memoryAuth(creds)
    const again = new Client(simSocket(restored.url, restoredAuth), restoredAuth)
    t.cleanup(() => again.sock.end(undefined))
    await again.opened()
    expect(again.updates.some((u) => u.qr)).toBe(false)

    const encTypes: string[] = []
    restored.on('inbound', (e: { encType: string }) => encTypes.push(e.encType))
    await restored.customer(customer.pn)!.sendText(phone.pn, 'sesudah restart')
    await waitUntil(() => again.upserts.length >= 1)
    expect(textOf(again.upserts[0]!.message)).toBe('sesudah restart')
    expect(encTypes).toEqual(['msg']) // the session continued; no new pre-key message
    const reply = await again.sock.sendMessage(customer.jid, { text: 'masih nyambung' })
    const out = await restored.waitForOutgoing({ to: customer.pn, match: (m) => m.id === reply!.key.id })
    expect(out.text).toBe('masih nyambung')
    expect(restored.stats().unknownIqs).toEqual([])
  })
})

describe('HTTP control API', () => {
  it('drives pairing, messages both ways, receipts, stats, snapshot and kicks over HTTP', async () => {
    const first = t.client()
    const qr = await first.qr()
    const { json: phone } = await control<{ pn: string }>(t.sim, '/phones', { pushName: 'Toko HTTP' })
    const { json: scanned } = await control<{ device: string }>(t.sim, `/phones/${phone.pn}/scan`, { qr })
    expect(scanned.device).toMatch(new RegExp(`^${phone.pn}:\\d+@s\\.whatsapp\\.net$`))
    expect(await first.closeCode()).toBe(515)
    const client = t.client(first.auth)
    await client.opened()
    const { json: info } = await control<{ devices: Array<{ jid: string; online: boolean }> }>(t.sim, `/phones/${phone.pn}`)
    expect(info.devices).toEqual([expect.objectContaining({ jid: scanned.device, online: true })])

    const { json: customer } = await control<{ pn: string; jid: string }>(t.sim, '/customers', { name: 'Dewi' })
    await control(t.sim, `/customers/${customer.pn}/send`, { to: phone.pn, text: 'halo dari http' })
    await waitUntil(() => client.texts().includes('halo dari http'))

    const waiting = control<{ id: string; text: string }>(t.sim, `/outgoing/wait?to=${customer.pn}&text=${encodeURIComponent('balasan')}&timeout=5000`)
    const sent = await client.sock.sendMessage(customer.jid, { text: 'balasan' })
    expect((await waiting).json).toMatchObject({ id: sent!.key.id, text: 'balasan' })
    const { json: list } = await control<Array<{ id: string }>>(t.sim, `/outgoing?to=${customer.pn}`)
    expect(list.map((m) => m.id)).toContain(sent!.key.id)
    await waitUntil(() => client.statuses.some((s) => s.id === sent!.key.id && s.status === 3))
    expect((await control<{ ok: boolean }>(t.sim, `/customers/${customer.pn}/read`, { id: sent!.key.id })).json.ok).toBe(true)
    await waitUntil(() => client.statuses.some((s) => s.id === sent!.key.id && s.status === 4))

    const { json: stats } = await control<{ logins: number; unknownIq: number; online: number }>(t.sim, '/stats')
    expect(stats.unknownIq).toBe(0)
    expect(stats.online).toBeGreaterThan(0)
    const snap = parseSnapshot(await (await fetch(`${t.sim.controlUrl}/snapshot`)).text())
    expect(snap.accounts.some((a) => a.pn === phone.pn && a.companions.length === 1)).toBe(true)

    expect((await control(t.sim, '/kick', { device: scanned.device, reason: 'nope' })).status).toBe(400)
    expect((await control(t.sim, '/kick', { device: scanned.device, reason: 'restart' })).status).toBe(200)
    expect(await client.closeCode()).toBe(515)
    expect((await control(t.sim, '/phones/0000/scan', { qr })).status).toBe(404)
  })
})
