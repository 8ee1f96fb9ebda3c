import { randomBytes, randomUUID } from 'node:crypto'
import { whatsappContract, until } from '../whatsapp.contract.js'
import { FakeWhatsApp } from './fake-whatsapp.js'

// The fake plays WhatsApp's side itself: a scan pairs the socket showing the QR, a customer message
// is handed to whichever socket of the account is open.
whatsappContract('in-memory fake', async () => {
  const fake = new FakeWhatsApp()
  const phoneToDevice = new Map<string, string>()
  return {
    port: fake,
    newDevice: async (tenantId = randomUUID()) => ({ tenantId, deviceId: randomUUID() }),
    scan: async (qr) => {
      const phone = `628${Math.floor(1e9 + Math.random() * 9e9)}`
      phoneToDevice.set(phone, qr.split(':')[1]!)
      fake.scan(qr, phone)
      return phone
    },
    customerSends: async (phone, text) => {
      const customerJid = `62811${Math.floor(1e6 + Math.random() * 9e6)}@s.whatsapp.net`
      const waId = randomBytes(10).toString('hex').toUpperCase()
      await fake.deliver(phoneToDevice.get(phone)!, [{
        waId, chatJid: customerJid, fromMe: false, customerPn: customerJid, customerLid: null,
        pushName: 'Budi', type: 'text', text, timestamp: new Date(),
      }])
      return { customerJid, waId }
    },
    waitForCustomerReceived: async (customerJid, text) => {
      const sent = await until(() => fake.sent.find((s) => s.toJid === customerJid && s.text === text), 5000, 'fake send')
      return { waId: sent.waId }
    },
    customerGot: async (customerJid, waId) => {
      const sent = await until(() => fake.sent.find((s) => s.toJid === customerJid && s.waId === waId), 5000, 'fake send')
      const m = sent.message
      const media = m?.media
      return {
        kind: media?.kind ?? (m?.location ? 'location' : 'text'), text: media || m?.location ? null : sent.text, caption: media ? (m?.text || null) : null,
        ptt: media?.kind === 'ptt', fileName: media?.fileName ?? null, bytes: media ? fake.uploads.get(media.upload.directPath!)!.bytes : null,
        location: m?.location ? { latitude: m.location.latitude, longitude: m.location.longitude, name: m.location.name ?? null } : null,
        quotedId: m?.quoted?.waId ?? null,
      }
    },
  }
})
