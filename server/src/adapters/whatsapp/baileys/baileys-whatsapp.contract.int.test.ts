// The Baileys adapter passes the same port contract as the fake, against the simulator, with
// its device state in PostgreSQL; and it refuses a server whose certificate chain is not signed
// by the trusted root (Baileys rc14 alone would accept any chain).
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { inject } from 'vitest'
import pino from 'pino'
import { WaSim, trustSimulatorRoot } from '../../../../sim/index.js'
import { openDatabase, type Database } from '../../../db/client.js'
import { waSessions } from '../../../modules/sessions/sessions.tables.js'
import { tenantsRepository } from '../../../modules/tenants/tenants.repository.js'
import { newId } from '../../../shared/ids.js'
import { whatsappContract, recorder, until } from '../whatsapp.contract.js'
import { BaileysWhatsApp } from './baileys-whatsapp.js'
import { strictVerify } from './strict-verify.js'
import { Curve } from '@whiskeysockets/baileys'

process.env.WA_SIM = '1'
let sim: WaSim
let database: Database
beforeAll(async () => {
  sim = await WaSim.start({ deliveryReceiptMs: 100 })
  trustSimulatorRoot(sim.rootPublicKey)
  database = await openDatabase({ url: inject('databaseUrl'), dataDir: '/unused', poolSize: 4 })
})
afterAll(async () => { await sim?.close(); await database?.close() })

whatsappContract('Baileys against the simulator', async () => {
  const port = new BaileysWhatsApp({ db: database.db, logger: pino({ level: 'silent' }), wsUrl: sim.url, keyCacheMaxEntries: 1000, simMediaCaPem: sim.mediaCaPem })
  return {
    port,
    newDevice: async (existing) => {
      const tenantId = existing ?? (await tenantsRepository.create(database.db, { id: newId(), name: 'Kontrak' })).id
      const deviceId = existing ? newId() : tenantId
      await database.db.insert(waSessions).values({ id: deviceId, tenantId })
      return { tenantId, deviceId }
    },
    scan: async (qr) => { const phone = sim.createPhone(); await phone.scan(qr); return phone.pn },
    customerSends: async (phone, text) => {
      const customer = sim.createCustomer()
      return { customerJid: customer.jid, waId: await customer.sendText(phone, text) }
    },
    waitForCustomerReceived: async (customerJid, text) => {
      const out = await sim.waitForOutgoing({ to: customerJid, match: (m) => m.text === text, timeout: 15_000 })
      return { waId: out.id }
    },
    customerGot: async (customerJid, waId) => {
      const out = await sim.waitForOutgoing({ to: customerJid, match: (m) => m.id === waId, timeout: 15_000 })
      const customer = sim.customer(customerJid.split('@')[0]!)!
      const seen = customer.inspect(out)
      const bytes = ['image', 'video', 'audio', 'ptt', 'document', 'sticker'].includes(seen.kind) ? customer.downloadMedia(out).bytes : null
      return { ...seen, bytes, location: seen.location ? { latitude: seen.location.latitude, longitude: seen.location.longitude, name: seen.location.name } : null }
    },
  }
})

describe('server certificate verification', () => {
  it('has a Curve.verify that rejects wrong signatures (Baileys rc14 alone accepts them)', () => {
    const key = Curve.generateKeyPair()
    const other = Curve.generateKeyPair()
    const msg = Buffer.from('noise certificate details')
    const sig = Curve.sign(key.private, msg)
    expect(strictVerify(key.public, msg, sig)).toBe(true)
    expect(strictVerify(other.public, msg, sig)).toBe(false)
    expect(strictVerify(key.public, msg, Buffer.alloc(64, 7))).toBe(false)
  })

  it('refuses a server whose chain is signed by a key other than the trusted root, and connects with the right one', async () => {
    const impostor = await WaSim.start({ certMode: 'wrong-root', rootKeyPair: sim.rootKeyPair })
    try {
      const port = new BaileysWhatsApp({ db: database.db, logger: pino({ level: 'silent' }), wsUrl: impostor.url, keyCacheMaxEntries: 100 })
      const tenantId = (await tenantsRepository.create(database.db, { id: newId(), name: 'MITM' })).id
      await database.db.insert(waSessions).values({ id: tenantId, tenantId })
      const device = { tenantId, deviceId: tenantId }
      const rec = recorder()
      const conn = await port.connect(device, rec)
      await until(() => rec.closes[0], 15_000, 'refusal')
      expect(rec.qrs).toHaveLength(0)
      await conn.close()

      const good = new BaileysWhatsApp({ db: database.db, logger: pino({ level: 'silent' }), wsUrl: sim.url, keyCacheMaxEntries: 100 })
      const rec2 = recorder()
      const conn2 = await good.connect(device, rec2)
      await until(() => rec2.qrs[0], 15_000, 'QR from the genuine server')
      await conn2.close()
    } finally {
      await impostor.close()
    }
  })
})
