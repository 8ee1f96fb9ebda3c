// The behaviour every WhatsAppPort implementation must show, run against the in-memory fake
// (fake/fake-whatsapp.contract.test.ts) and against Baileys talking to the simulator
// (baileys/baileys-whatsapp.contract.int.test.ts). A driver plays WhatsApp's side.
import { randomBytes } from 'node:crypto'
import { Readable } from 'node:stream'
import { describe, expect, it } from 'vitest'
import type { CloseInfo, ConnectionHandlers, InboundMessage, ReceiptUpdate, WhatsAppConnection, WhatsAppPort } from './whatsapp.port.js'

export interface Device { tenantId: string; deviceId: string }

export interface ContractDriver {
  port: WhatsAppPort
  /**
   * A device (one linked number) the port may store state for: of a new tenant, or another one of
   * `tenantId` (creates the tenant and device rows where needed).
   */
  newDevice(tenantId?: string): Promise<Device>
  /** The account's phone scans this QR. Resolves with the phone number of the account. */
  scan(qr: string): Promise<string>
  /** A customer writes `text` to the account of `phone`; returns the customer's JID. */
  customerSends(phone: string, text: string): Promise<{ customerJid: string; waId: string }>
  /** Waits until the customer `customerJid` received `text`; returns the message id it saw. */
  waitForCustomerReceived(customerJid: string, text: string): Promise<{ waId: string }>
  /** Waits for message `waId` at the customer; its file downloaded (and decrypted) when it has one. */
  customerGot(customerJid: string, waId: string): Promise<CustomerGot>
}

/** What the customer's phone has of a message the shop sent. */
export interface CustomerGot {
  kind: string
  text: string | null
  caption: string | null
  ptt: boolean
  fileName: string | null
  bytes: Buffer | null
  location: { latitude: number; longitude: number; name: string | null } | null
  quotedId: string | null
}

export interface Recorder extends ConnectionHandlers {
  qrs: string[]
  opens: Array<{ jid: string; phone: string }>
  closes: CloseInfo[]
  messages: Array<{ message: InboundMessage; kind: 'live' | 'backlog' }>
  receipts: ReceiptUpdate[]
}

export function recorder(): Recorder {
  const r: Recorder = {
    qrs: [], opens: [], closes: [], messages: [], receipts: [],
    onQr: (qr) => { r.qrs.push(qr) },
    onOpen: (info) => { r.opens.push(info) },
    onClose: (info) => { r.closes.push(info) },
    onMessages: async (messages, kind) => { for (const message of messages) r.messages.push({ message, kind }) },
    onReceipts: async (updates) => { r.receipts.push(...updates) },
  }
  return r
}

export async function until<T>(fn: () => T | undefined | false, timeoutMs = 15_000, what = 'condition'): Promise<T> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const v = fn()
    if (v) return v
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 25))
  }
}

/** Connects, scans, and follows the 515 restart like the session manager does. */
export async function pairAndOpen(driver: ContractDriver, device: Device): Promise<{ conn: WhatsAppConnection; rec: Recorder; phone: string }> {
  let rec = recorder()
  let conn = await driver.port.connect(device, rec)
  const qr = await until(() => rec.qrs[0], 15_000, 'first QR')
  const phone = await driver.scan(qr)
  await until(() => rec.closes.length > 0 || rec.opens.length > 0, 15_000, 'restart or open after scan')
  if (!rec.opens.length) {
    expect(rec.closes[0]!.code).toBe(515)
    rec = recorder()
    conn = await driver.port.connect(device, rec)
  }
  await until(() => rec.opens[0], 15_000, 'open')
  return { conn, rec, phone }
}

export function whatsappContract(name: string, makeDriver: () => Promise<ContractDriver & { close?(): Promise<void> }>): void {
  describe(`WhatsAppPort contract: ${name}`, () => {
    it('pairs by QR, restarts after the scan, opens with the account phone and stores credentials', async () => {
      const driver = await makeDriver()
      const device = await driver.newDevice()
      expect(await driver.port.hasCredentials(device.deviceId)).toBe(false)
      const { conn, rec, phone } = await pairAndOpen(driver, device)
      expect(rec.opens[0]!.phone).toBe(phone)
      expect(await driver.port.hasCredentials(device.deviceId)).toBe(true)
      await conn.close()
      await driver.close?.()
    })

    it('reconnects from stored credentials without a QR', async () => {
      const driver = await makeDriver()
      const device = await driver.newDevice()
      const first = await pairAndOpen(driver, device)
      await first.conn.close()
      const rec = recorder()
      const conn = await driver.port.connect(device, rec)
      await until(() => rec.opens[0], 15_000, 'open without QR')
      expect(rec.qrs).toHaveLength(0)
      await conn.close()
      await driver.close?.()
    })

    it('delivers a customer text as a live message with the chat and the text', async () => {
      const driver = await makeDriver()
      const device = await driver.newDevice()
      const { conn, rec, phone } = await pairAndOpen(driver, device)
      const sent = await driver.customerSends(phone, 'Kak, menu hari ini apa aja?')
      const got = await until(() => rec.messages.find((m) => m.message.waId === sent.waId), 15_000, 'inbound message')
      expect(got.kind).toBe('live')
      expect(got.message).toMatchObject({ fromMe: false, type: 'text', text: 'Kak, menu hari ini apa aja?', chatJid: sent.customerJid })
      await conn.close()
      await driver.close?.()
    })

    it('sends a text with our own message id, which the customer receives, and reports delivery', async () => {
      const driver = await makeDriver()
      const device = await driver.newDevice()
      const { conn, rec, phone } = await pairAndOpen(driver, device)
      const { customerJid } = await driver.customerSends(phone, 'halo')
      await until(() => rec.messages.length > 0, 15_000, 'first inbound')
      const messageId = `3EB0${randomBytes(8).toString('hex').toUpperCase()}`
      const result = await conn.sendText({ toJid: customerJid, text: 'Halo kak, ada yang bisa dibantu?', messageId })
      expect(result.waId).toBe(messageId)
      const received = await driver.waitForCustomerReceived(customerJid, 'Halo kak, ada yang bisa dibantu?')
      expect(received.waId).toBe(messageId)
      await until(() => rec.receipts.find((r) => r.waId === messageId && (r.status === 'delivered' || r.status === 'read')), 15_000, 'delivery receipt')
      await conn.close()
      await driver.close?.()
    })

    it('uploads files and sends a photo with caption, a voice note, a document, a location and quoted replies', async () => {
      const driver = await makeDriver()
      const device = await driver.newDevice()
      const { conn, rec, phone } = await pairAndOpen(driver, device)
      const asked = await driver.customerSends(phone, 'Kak, sudah saya transfer ya')
      await until(() => rec.messages.length > 0, 15_000, 'first inbound')
      const toJid = asked.customerJid
      const id = () => `3EB0${randomBytes(8).toString('hex').toUpperCase()}`
      const photo = randomBytes(3000)
      const voice = randomBytes(1500)
      const pdf = Buffer.concat([Buffer.from('%PDF-1.4\n'), randomBytes(500)])

      const photoRef = await conn.uploadMedia({ kind: 'image', mime: 'image/jpeg', source: Readable.from([photo]) })
      expect(photoRef).toMatchObject({ mediaType: 'image', fileLength: photo.length })
      const photoId = id()
      expect(await conn.send({ toJid, messageId: photoId, text: 'Ini buktinya kak', media: { kind: 'image', mime: 'image/jpeg', upload: photoRef, width: 10, height: 20 } })).toEqual({ waId: photoId })
      expect(await driver.customerGot(toJid, photoId)).toMatchObject({ kind: 'image', caption: 'Ini buktinya kak', bytes: photo })

      const voiceRef = await conn.uploadMedia({ kind: 'ptt', mime: 'audio/ogg; codecs=opus', source: Readable.from([voice]) })
      const voiceId = id()
      await conn.send({ toJid, messageId: voiceId, media: { kind: 'ptt', mime: 'audio/ogg; codecs=opus', upload: voiceRef, durationMs: 2000, waveform: new Array(64).fill(50) }, quoted: { waId: asked.waId, fromMe: false, text: 'Kak, sudah saya transfer ya' } })
      expect(await driver.customerGot(toJid, voiceId)).toMatchObject({ kind: 'ptt', ptt: true, bytes: voice, quotedId: asked.waId })

      const docRef = await conn.uploadMedia({ kind: 'document', mime: 'application/pdf', source: Readable.from([pdf]) })
      const docId = id()
      await conn.send({ toJid, messageId: docId, media: { kind: 'document', mime: 'application/pdf', upload: docRef, fileName: 'nota-17.pdf' } })
      expect(await driver.customerGot(toJid, docId)).toMatchObject({ kind: 'document', fileName: 'nota-17.pdf', bytes: pdf })

      const locId = id()
      await conn.send({ toJid, messageId: locId, location: { latitude: -6.2, longitude: 106.8, name: 'Toko Kue Bu Sri' } })
      expect(await driver.customerGot(toJid, locId)).toMatchObject({ kind: 'location', location: { latitude: -6.2, longitude: 106.8, name: 'Toko Kue Bu Sri' } })

      const replyId = id()
      await conn.send({ toJid, messageId: replyId, text: 'Sudah kami terima, terima kasih', quoted: { waId: asked.waId, fromMe: false, text: 'Kak, sudah saya transfer ya' } })
      expect(await driver.customerGot(toJid, replyId)).toMatchObject({ kind: 'text', text: 'Sudah kami terima, terima kasih', quotedId: asked.waId })

      // The same upload sent again (a retry after a crash) needs no second upload.
      const againId = id()
      await conn.send({ toJid, messageId: againId, text: 'Ini buktinya kak', media: { kind: 'image', mime: 'image/jpeg', upload: photoRef } })
      expect(await driver.customerGot(toJid, againId)).toMatchObject({ kind: 'image', bytes: photo })
      await conn.close()
      await driver.close?.()
    })

    it('forgets credentials when wiped', async () => {
      const driver = await makeDriver()
      const device = await driver.newDevice()
      const { conn } = await pairAndOpen(driver, device)
      await conn.close()
      await driver.port.wipeCredentials(device.deviceId)
      expect(await driver.port.hasCredentials(device.deviceId)).toBe(false)
      await driver.close?.()
    })

    it('keeps two devices of one tenant apart: each pairs its own number, and wiping one leaves the other', async () => {
      const driver = await makeDriver()
      const first = await driver.newDevice()
      const second = await driver.newDevice(first.tenantId)
      const a = await pairAndOpen(driver, first)
      const b = await pairAndOpen(driver, second)
      expect(a.phone).not.toBe(b.phone)
      const sent = await driver.customerSends(b.phone, 'Halo nomor dua')
      const got = await until(() => b.rec.messages.find((m) => m.message.text === 'Halo nomor dua'), 15_000, 'message on the second device')
      expect(got.message.waId).toBe(sent.waId)
      expect(a.rec.messages.some((m) => m.message.text === 'Halo nomor dua')).toBe(false)
      await a.conn.close()
      await b.conn.close()
      await driver.port.wipeCredentials(first.deviceId)
      expect(await driver.port.hasCredentials(first.deviceId)).toBe(false)
      expect(await driver.port.hasCredentials(second.deviceId)).toBe(true)
      await driver.close?.()
    })
  })
}
