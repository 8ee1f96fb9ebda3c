// A message Baileys decrypted and receipted is never lost, even when the process dies before the
// inbox stored it: WhatsApp (here the simulator, which behaves the same) never delivers a
// receipted message again, so only our spool can bring it back.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { eq } from 'drizzle-orm'
import pino from 'pino'
import { WaSim, trustSimulatorRoot } from '../../../../sim/index.js'
import { openDatabase, type Database } from '../../../db/client.js'
import { tenantsRepository } from '../../../modules/tenants/tenants.repository.js'
import { waInboundSpool } from './baileys.tables.js'
import { waSessions } from '../../../modules/sessions/sessions.tables.js'
import { newId } from '../../../shared/ids.js'
import { pairAndOpen, recorder, until, type Recorder } from '../whatsapp.contract.js'
import { BaileysWhatsApp } from './baileys-whatsapp.js'
import { waitFor } from '../../../../test/gateway-harness.js'

process.env.WA_SIM = '1'
let sim: WaSim
let database: Database
beforeAll(async () => {
  sim = await WaSim.start({ deliveryReceiptMs: 100 })
  trustSimulatorRoot(sim.rootPublicKey)
  database = await openDatabase({ url: inject('databaseUrl'), dataDir: '/unused', poolSize: 4 })
})
afterAll(async () => { await sim?.close(); await database?.close() })

const spoolOf = (tenantId: string) => database.db.select().from(waInboundSpool).where(eq(waInboundSpool.tenantId, tenantId))
const newPort = () => new BaileysWhatsApp({ db: database.db, logger: pino({ level: 'silent' }), wsUrl: sim.url, keyCacheMaxEntries: 1000 })

/** A new tenant whose device is paired with a fresh simulated phone and open. */
async function pairedTenant(name: string) {
  const tenantId = (await tenantsRepository.create(database.db, { id: newId(), name })).id
  await database.db.insert(waSessions).values({ id: tenantId, tenantId })
  const driver = {
    port: newPort(), newDevice: async () => ({ tenantId, deviceId: tenantId }),
    scan: async (qr: string) => { const phone = sim.createPhone(); await phone.scan(qr); return phone.pn },
    customerSends: async () => { throw new Error('unused') }, waitForCustomerReceived: async () => { throw new Error('unused') }, customerGot: async () => { throw new Error('unused') },
  }
  return { tenantId, ...(await pairAndOpen(driver, { tenantId, deviceId: tenantId })) }
}

describe('inbound spool', () => {
  it('brings back a message that was receipted but never reached the inbox, once, after a restart', async () => {
    const { tenantId, conn, rec, phone } = await pairedTenant('Spool')
    // The inbox "dies" while storing: its handler never returns (like a SIGKILL right after the
    // receipt, or a backlog Baileys still holds back).
    const dying = rec as Recorder
    dying.onMessages = () => new Promise<void>(() => {})
    const customer = sim.createCustomer({ name: 'Sari' })
    const waId = await customer.sendText(phone, 'Kak, masih ada es kopi susu?')
    await until(() => sim.deviceReceipts.get(waId)?.length, 15_000, 'the receipt WhatsApp got')
    const spooled = await database.db.select().from(waInboundSpool).where(eq(waInboundSpool.tenantId, tenantId))
    expect(spooled.map((r) => r.waId)).toEqual([waId])
    await conn.close()

    // The next process: a fresh port (no memory of the first), same database.
    const again = recorder()
    const conn2 = await newPort().connect({ tenantId, deviceId: tenantId }, again)
    try {
      await until(() => again.messages.find((m) => m.message.waId === waId), 15_000, 'the spooled message replayed')
      expect(again.messages.filter((m) => m.message.waId === waId)).toEqual([{
        kind: 'backlog',
        message: expect.objectContaining({ waId, fromMe: false, type: 'text', text: 'Kak, masih ada es kopi susu?', pushName: 'Sari', customerPn: customer.jid }),
      }])
      await waitFor(async () => (await spoolOf(tenantId)).every((r) => r.storedAt), 5000, 'spool marked stored')
    } finally {
      await conn2.close()
    }
  })

  it('answers a redelivered stanza whose one-time key is spent from the spooled copy: decrypted and receipted, not refused', async () => {
    // A crash after decryption but before the receipt: WhatsApp sends the same ciphertext again.
    // Baileys alone refuses it (NACK 487 "Key used already", no retry request) and the
    // customer's phone never gets its delivery tick — the gateway crash test's flake.
    const { conn, rec, phone } = await pairedTenant('Spool 3')
    try {
      const waId = await sim.createCustomer().sendText(phone, 'Pesan 1 kak')
      await until(() => sim.deviceReceipts.get(waId)?.length, 15_000, 'first receipt')
      sim.redeliver(sim.phone(phone)!.devices[0]!.jid, waId)
      await until(() => (sim.deviceReceipts.get(waId)?.length ?? 0) >= 2, 15_000, 'a receipt for the redelivery')
      expect(sim.deviceReceipts.get(waId)).not.toContain('retry')
      expect(sim.errorAcks.filter((e) => e.id === waId)).toEqual([])
      expect(rec.messages.filter((m) => m.message.waId === waId).every((m) => m.message.text === 'Pesan 1 kak')).toBe(true)
    } finally {
      await conn.close()
    }
  })

  it('keeps nothing to replay once the inbox stored the message', async () => {
    const { tenantId, conn, rec, phone } = await pairedTenant('Spool 2')
    try {
      const waId = await sim.createCustomer().sendText(phone, 'Halo kak')
      await until(() => rec.messages.find((m) => m.message.waId === waId), 15_000, 'message')
      await waitFor(async () => (await spoolOf(tenantId)).every((r) => r.storedAt), 5000, 'spool marked stored')
    } finally {
      await conn.close()
    }
  })
})
