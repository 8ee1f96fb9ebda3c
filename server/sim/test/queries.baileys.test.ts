// The IQs Baileys sends besides the login sequence, each answered the way the real server would,
// so features built on them work and nothing waits for the 60 s query timeout.
import { describe, expect, it } from 'vitest'
import { simSuite, waitUntil } from '../testing/harness.js'

const t = simSuite()

describe('queries after login', () => {
  it('stores a rotated signed pre-key, and new customers build their sessions on it', async () => {
    const { client, phone } = await t.pair()
    const device = phone.devices[0]!
    const before = device.signedPreKey.keyId
    await client.sock.rotateSignedPreKey()
    expect(device.signedPreKey.keyId).toBe(before + 1)
    await t.sim.createCustomer().sendText(phone, 'sesi baru')
    await waitUntil(() => client.texts().includes('sesi baru'))
  })

  it('answers media_conn, contact lookups, blocklist and privacy settings', async () => {
    const { client } = await t.pair()
    const media = await client.sock.refreshMediaConn(true)
    expect(media.hosts.map((h) => h.hostname)).toEqual([t.sim.media.hostname])
    expect(media.auth).toBe(t.sim.media.auth)
    const customer = t.sim.createCustomer()
    const [found] = (await client.sock.onWhatsApp(customer.pn)) ?? []
    expect(found).toMatchObject({ exists: true, jid: customer.jid })
    expect(await client.sock.fetchBlocklist()).toEqual([])
    expect(await client.sock.fetchPrivacySettings(true)).toMatchObject({ readreceipts: 'all' })
    const iqs = t.sim.stats().iqs
    expect(Object.keys(iqs)).toEqual(expect.arrayContaining(['w:m/set/media_conn', 'usync/get/usync', 'blocklist/get/', 'privacy/get/privacy']))
  })
})
