// The behaviour every WhatsAppPort implementation must show, run against the in-memory fake
// (fake/fake-whatsapp.contract.test.ts) and against Baileys talking to the simulator
// (baileys/baileys-whatsapp.contract.int.test.ts). A driver plays WhatsApp's side.
import { randomBytes } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import type { CloseInfo, ConnectionHandlers, InboundMessage, ReceiptUpdate, WhatsAppConnection, WhatsAppPort } from './whatsapp.port.js'

export interface ContractDriver {
  port: WhatsAppPort
  /** A tenant id the port may store state for (creates the tenant row where needed). */
  newTenant(): Promise<string>
  /** The account's phone scans this QR. Resolves with the phone number of the account. */
  scan(qr: string): Promise<string>
  /** A customer writes `text` to the account of `phone`; returns the customer's JID. */
  customerSends(phone: string, text: string): Promise<{ customerJid: string; waId: string }>
  /** Waits until the customer `customerJid` received `text`; returns the message id it saw. */
  waitForCustomerReceived(customerJid: string, text: string): Promise<{ waId: string }>
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
export async function pairAndOpen(driver: ContractDriver, tenantId: string): Promise<{ conn: WhatsAppConnection; rec: Recorder; phone: string }> {
  let rec = recorder()
  let conn = await driver.port.connect({ tenantId }, rec)
  const qr = await until(() => rec.qrs[0], 15_000, 'first QR')
  const phone = await driver.scan(qr)
  await until(() => rec.closes.length > 0 || rec.opens.length > 0, 15_000, 'restart or open after scan')
  if (!rec.opens.length) {
    expect(rec.closes[0]!.code).toBe(515)
    rec = recorder()
    conn = await driver.port.connect({ tenantId }, rec)
  }
  await until(() => rec.opens[0], 15_000, 'open')
  return { conn, rec, phone }
}

export function whatsappContract(name: string, makeDriver: () => Promise<ContractDriver & { close?(): Promise<void> }>): void {
  describe(`WhatsAppPort contract: ${name}`, () => {
    it('pairs by QR, restarts after the scan, opens with the account phone and stores credentials', async () => {
      const driver = await makeDriver()
      const tenantId = await driver.newTenant()
      expect(await driver.port.hasCredentials(tenantId)).toBe(false)
      const { conn, rec, phone } = await pairAndOpen(driver, tenantId)
      expect(rec.opens[0]!.phone).toBe(phone)
      expect(await driver.port.hasCredentials(tenantId)).toBe(true)
      await conn.close()
      await driver.close?.()
    })

    it('reconnects from stored credentials without a QR', async () => {
      const driver = await makeDriver()
      const tenantId = await driver.newTenant()
      const first = await pairAndOpen(driver, tenantId)
      await first.conn.close()
      const rec = recorder()
      const conn = await driver.port.connect({ tenantId }, rec)
      await until(() => rec.opens[0], 15_000, 'open without QR')
      expect(rec.qrs).toHaveLength(0)
      await conn.close()
      await driver.close?.()
    })

    it('delivers a customer text as a live message with the chat and the text', async () => {
      const driver = await makeDriver()
      const tenantId = await driver.newTenant()
      const { conn, rec, phone } = await pairAndOpen(driver, tenantId)
      const sent = await driver.customerSends(phone, 'Kak, menu hari ini apa aja?')
      const got = await until(() => rec.messages.find((m) => m.message.waId === sent.waId), 15_000, 'inbound message')
      expect(got.kind).toBe('live')
      expect(got.message).toMatchObject({ fromMe: false, type: 'text', text: 'Kak, menu hari ini apa aja?', chatJid: sent.customerJid })
      await conn.close()
      await driver.close?.()
    })

    it('sends a text with our own message id, which the customer receives, and reports delivery', async () => {
      const driver = await makeDriver()
      const tenantId = await driver.newTenant()
      const { conn, rec, phone } = await pairAndOpen(driver, tenantId)
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

    it('forgets credentials when wiped', async () => {
      const driver = await makeDriver()
      const tenantId = await driver.newTenant()
      const { conn } = await pairAndOpen(driver, tenantId)
      await conn.close()
      await driver.port.wipeCredentials(tenantId)
      expect(await driver.port.hasCredentials(tenantId)).toBe(false)
      await driver.close?.()
    })
  })
}
