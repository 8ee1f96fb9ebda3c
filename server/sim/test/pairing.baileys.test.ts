// Linking stock Baileys to a simulated phone: QR, saved creds, phone-number code, expiring QRs.
import { describe, expect, it } from 'vitest'
import { WaSim } from '../sim.js'
import { memoryAuth, simSocket } from '../testing/baileys-client.js'
import { Client, simSuite, waitUntil } from '../testing/harness.js'

const t = simSuite()

describe('pairing stock Baileys with a simulated phone', () => {
  it('pairs by QR: the phone scans, the device restarts with 515, then opens with the account in its creds', async () => {
    const first = t.client()
    const qr = await first.qr()
    expect(qr).toMatch(/^https:\/\/wa\.me\/settings\/linked_devices#2@.+,.+,.+,.+,\d$/)
    const phone = t.sim.createPhone({ pushName: 'Kopi Senja' })
    const device = await phone.scan(qr)
    expect(device.jid).toBe(`${phone.pn}:${device.device}@s.whatsapp.net`)
    expect(await first.closeCode()).toBe(515)
    expect(first.updates.some((u) => u.isNewLogin)).toBe(true)
    const second = t.client(first.auth)
    await second.opened()
    await t.sim.waitForLogin(device)
    expect(first.auth.creds.me?.id).toBe(device.jid)
    expect(first.auth.creds.me?.lid).toBe(device.lid)
    expect(first.auth.creds.me?.name).toBe('Kopi Senja')
    // The key server now holds the device's uploaded one-time pre-keys.
    expect(device.serverPreKeys.size).toBeGreaterThan(100)
  })

  it('logs in again from saved creds without showing a QR', async () => {
    const { client, auth } = await t.pair()
    client.sock.end(undefined)
    const again = t.client(auth)
    await again.opened()
    expect(again.updates.some((u) => u.qr)).toBe(false)
  })

  it('refuses a QR that was already scanned or never shown', async () => {
    const first = t.client()
    const qr = await first.qr()
    const phone = t.sim.createPhone()
    await phone.scan(qr)
    await expect(phone.scan(qr)).rejects.toThrow(/unknown or expired/)
    await expect(phone.scan('2@nope,AAAA,AAAA,AAAA,1')).rejects.toThrow(/unknown or expired/)
  })

  it('pairs by phone-number code typed on the phone', async () => {
    const c = t.client()
    await c.qr() // requestPairingCode needs the socket past the handshake
    const phone = t.sim.createPhone()
    const code = await c.sock.requestPairingCode(phone.pn)
    expect(code).toMatch(/^[A-Z0-9]{8}$/)
    const device = await phone.enterPairingCode(code)
    expect(await c.closeCode()).toBe(515)
    const second = t.client(c.auth)
    await second.opened()
    expect(c.auth.creds.me?.id).toBe(device.jid)
  })

  it('does not link a device when the owner types a wrong pairing code', async () => {
    const c = t.client()
    await c.qr()
    const phone = t.sim.createPhone()
    const code = await c.sock.requestPairingCode(phone.pn)
    const wrong = code.startsWith('A') ? `B${code.slice(1)}` : `A${code.slice(1)}`
    await expect(phone.enterPairingCode(wrong, 2000)).rejects.toThrow(/timed out/)
    expect(phone.devices).toHaveLength(0)
  })

  it('closes with 408 when every QR ref expired unscanned (refs are configurable)', async () => {
    const quick = await WaSim.start({ refsPerPairing: 2, rootKeyPair: t.sim.rootKeyPair })
    t.cleanup(() => quick.close())
    const c = new Client(simSocket(quick.url, memoryAuth(), { qrTimeout: 300 }), memoryAuth())
    t.cleanup(() => c.sock.end(undefined))
    const started = Date.now()
    expect(await c.closeCode()).toBe(408)
    expect(c.updates.filter((u) => u.qr)).toHaveLength(2)
    expect(Date.now() - started).toBeLessThan(5000)
    expect(quick.stats().unknownIq).toBe(0)
  })

  it('refuses the login of a device this server never linked with 401', async () => {
    const other = await WaSim.start({ rootKeyPair: t.sim.rootKeyPair })
    t.cleanup(() => other.close())
    const auth = memoryAuth()
    const first = new Client(simSocket(other.url, auth), auth)
    await other.createPhone().scan(await first.qr())
    expect(await first.closeCode()).toBe(515)
    // Same creds, but against a simulator that has no such device.
    const stranger = t.client(auth)
    expect(await stranger.closeCode()).toBe(401)
    await waitUntil(() => t.sim.stats().loginFailures > 0)
  })
})
