// How a linked device's session ends, and the close code stock Baileys reports for each.
import { describe, expect, it } from 'vitest'
import { simSuite, waitUntil } from '../testing/harness.js'

const t = simSuite()

describe('session lifecycle close codes', () => {
  it('closes the older socket with 440 when the same device logs in elsewhere', async () => {
    const { client, auth } = await t.pair()
    const other = t.client(auth)
    await other.opened()
    expect(await client.closeCode()).toBe(440)
  })

  it('closes with 440, 515 or 503 when the server kicks the device, and each can log in again', async () => {
    const { client, auth, phone } = await t.pair()
    const device = phone.devices[0]!
    const codes: Array<number | undefined> = []
    let current = client
    for (const reason of ['replaced', 'restart', 'unavailable'] as const) {
      t.sim.kick(device, reason)
      codes.push(await current.closeCode())
      await waitUntil(() => !device.conn)
      current = t.client(auth)
      await current.opened()
    }
    expect(codes).toEqual([440, 515, 503])
  })

  it('closes with 401 when the phone unlinks the device, and refuses its next login with 401', async () => {
    const { client, auth, phone } = await t.pair()
    phone.unlink(phone.devices[0]!)
    expect(await client.closeCode()).toBe(401)
    expect(phone.devices).toHaveLength(0)
    expect(await t.client(auth).closeCode()).toBe(401)
  })

  it('closes a live banned account with 403 and refuses its logins with 403', async () => {
    const { client, auth, phone } = await t.pair()
    t.sim.ban(phone)
    expect(await client.closeCode()).toBe(403)
    expect(await t.client(auth).closeCode()).toBe(403)
  })

  it('removes the companion when Baileys logs out, so the old creds no longer log in', async () => {
    const { client, auth, phone } = await t.pair()
    await client.sock.logout()
    expect(await client.closeCode()).toBe(401)
    await waitUntil(() => phone.devices.length === 0)
    expect(t.sim.stats().iqs['md/set/remove-companion-device']).toBeGreaterThan(0)
    expect(await t.client(auth).closeCode()).toBe(401)
  })

  it('answers the keep-alive ping so an idle session stays open', async () => {
    const { client } = await t.pair()
    const before = t.sim.stats().iqs['w:p/get/ping'] ?? 0
    // Baileys pings every keepAliveIntervalMs; ask for one now instead of waiting 30 s.
    await client.sock.query({ tag: 'iq', attrs: { to: 's.whatsapp.net', type: 'get', xmlns: 'w:p', id: client.sock.generateMessageTag() }, content: [{ tag: 'ping', attrs: {} }] })
    expect(t.sim.stats().iqs['w:p/get/ping']).toBe(before + 1)
    expect(client.updates.some((u) => u.connection === 'close')).toBe(false)
  })
})
