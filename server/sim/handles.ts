// Test-facing handles: a phone (an account's primary device, which links companions and can type
// messages itself) and a customer (a WhatsApp user with their own Signal state).
import type { Account, Companion, Customer } from './directory/types.js'
import { userOf } from './directory/directory.js'
import { customerSend, phoneSend } from './flows/inbound.js'
import type { OutgoingMessage } from './flows/messaging.js'
import { sendCustomerReceipt, sendCustomerRetry } from './flows/outbound.js'
import { enterPairingCode } from './flows/pairing-code.js'
import { scanQr } from './flows/pairing.js'
import type { WaSim } from './sim.js'
import { customerSendMedia, customerSendOther, type CustomerMedia, type CustomerOther } from './flows/customer-media.js'
import { decryptMedia } from './media/media-crypto.js'
import { mediaOf } from './media/media-of.js'
import { summarizeReceived, type ReceivedSummary } from './media/received.js'

export class SimPhone {
  constructor(private readonly sim: WaSim, readonly account: Account) {}

  get pn(): string { return this.account.pn }
  get jid(): string { return `${this.account.pn}@s.whatsapp.net` }
  get lidJid(): string { return `${this.account.lid}@lid` }
  get pushName(): string { return this.account.pushName }
  get banned(): boolean { return this.account.banned }
  /** Linked companion devices. */
  get devices(): Companion[] { return [...this.account.companions.values()] }

  /** Scans a QR shown by a companion; resolves with the new device once it signed and registered. */
  async scan(qr: string, timeoutMs = 15_000): Promise<Companion> {
    scanQr(this.sim, this.account, qr) // throws at once for an unknown or expired QR
    return this.sim.waitForPair({ phone: this, timeout: timeoutMs })
  }

  /**
   * Types the 8-character code a companion displays (Baileys `requestPairingCode(this.pn)`).
   * The companion's request may still be in flight, so this waits briefly for it.
   */
  async enterPairingCode(code: string, timeoutMs = 15_000): Promise<Companion> {
    const deadline = Date.now() + Math.min(timeoutMs, 5000)
    let conn = this.sim.codeRequests.get(this.pn)
    while (!conn && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 20))
      conn = this.sim.codeRequests.get(this.pn)
    }
    if (!conn) throw new Error(`no pairing code was requested for ${this.pn}`)
    const paired = this.sim.waitForPair({ phone: this, timeout: timeoutMs })
    await enterPairingCode(this.sim, conn, this.account, code.replace(/-/g, '').toUpperCase())
    return paired
  }

  /** Resolves when `device` has logged in (after the 515 restart). */
  async waitForLogin(device: Companion, timeoutMs = 15_000): Promise<void> { await this.sim.waitForLogin(device, timeoutMs) }

  unlink(device: Companion | string): void { this.sim.unlink(device) }
  ban(): void { this.sim.ban(this.account) }

  /** Test hook: pretend the key server holds only `keep` of a device's one-time pre-keys. */
  dropServerPreKeys(device: Companion, keep: number): void {
    for (const id of [...device.serverPreKeys.keys()].slice(keep)) device.serverPreKeys.delete(id)
  }

  /** The owner types a message to a customer on the phone itself; companions see it as fromMe. */
  sendText(to: SimCustomer | string, text: string): Promise<string> {
    const customer = typeof to === 'string' ? this.sim.dir.customers.get(userOf(to)) : to.customer
    if (!customer) throw new Error('unknown customer')
    return phoneSend(this.sim, this.account, customer, text)
  }
}

export class SimCustomer {
  constructor(private readonly sim: WaSim, readonly customer: Customer) {}

  get pn(): string { return this.customer.pn }
  get jid(): string { return `${this.customer.pn}@s.whatsapp.net` }
  get lidJid(): string { return `${this.customer.lid}@lid` }
  get name(): string { return this.customer.name }

  /** Writes to the shop; with `offline`, the message waits for the devices' next login. Resolves with the message id. */
  sendText(to: SimPhone | string, text: string, opts: { offline?: boolean } = {}): Promise<string> {
    const account = typeof to === 'string' ? this.sim.dir.accounts.get(userOf(to)) : to.account
    if (!account) throw new Error('unknown shop phone')
    return customerSend(this.sim, this.customer, account, text, opts)
  }

  /** Sends a photo, voice note, video, document or sticker: encrypted, uploaded, then the message. */
  sendMedia(to: SimPhone | string, media: CustomerMedia, opts: { offline?: boolean } = {}): Promise<string> {
    return customerSendMedia(this.sim, this.customer, this.account(to), media, opts)
  }

  /** A location, contact card, reply quoting a message, reaction, edit or delete-for-everyone. */
  sendOther(to: SimPhone | string, other: CustomerOther, opts: { offline?: boolean } = {}): Promise<string> {
    return customerSendOther(this.sim, this.customer, this.account(to), other, opts)
  }

  /** WhatsApp's media servers drop the file of a message this customer sent (404/410 on download). */
  expireMedia(messageId: string, status: 404 | 410 = 410, opts: { phoneLostIt?: boolean } = {}): void {
    const copy = this.sim.phoneMedia.get(messageId)
    if (!copy) throw new Error(`no media was sent with ${messageId}`)
    this.sim.media.expire(copy.directPath, status)
    copy.lost = opts.phoneLostIt ?? false
  }

  /**
   * Downloads and decrypts the media of a message the shop sent, checking the MAC and both hashes
   * as a phone does; throws when anything does not match.
   */
  downloadMedia(out: OutgoingMessage): { kind: string; bytes: Buffer; mimetype: string | null } {
    const m = mediaOf(out.message)
    if (!m) throw new Error(`message ${out.id} has no media`)
    const hosted = m.content.directPath ? this.sim.media.get(m.content.directPath) : undefined
    if (!hosted || hosted.gone) throw new Error(`media of ${out.id} is not hosted`)
    const bytes = decryptMedia(hosted.enc, m.content.mediaKey!, m.mediaType, { fileSha256: m.content.fileSha256, fileEncSha256: m.content.fileEncSha256 })
    return { kind: m.kind, bytes, mimetype: m.content.mimetype ?? null }
  }

  /**
   * This customer's phone could not decrypt a message the shop sent and asks for it again (a retry
   * receipt); the shop's device re-sends it under the same id. False when the sender is offline.
   */
  requestResend(messageId: string, count = 1): boolean { return sendCustomerRetry(this.sim, this.customer, messageId, count) }

  /** What this customer's phone shows of a message the shop sent (kind, caption, ptt, location, quoted id). */
  inspect(out: OutgoingMessage): ReceivedSummary { return summarizeReceived(out.message) }

  private account(to: SimPhone | string) {
    const account = typeof to === 'string' ? this.sim.dir.accounts.get(userOf(to)) : to.account
    if (!account) throw new Error('unknown shop phone')
    return account
  }

  /** Typing states the shop sent this customer ('composing', 'paused'), oldest first. */
  chatStates(): Array<{ state: string; seq: number }> {
    return this.sim.chatStates.filter((c) => this.sim.dir.customerOf(c.to) === this.customer).map(({ state, seq }) => ({ state, seq }))
  }

  /** Everything the shop sent this customer, decrypted. */
  received(): OutgoingMessage[] {
    return this.sim.outgoing.filter((m) => m.message && m.recipients.some((r) => r.kind === 'customer' && this.sim.dir.customerOf(r.jid) === this.customer))
  }

  /** Sends a delivery receipt now (automatic after `deliveryReceiptMs` anyway). */
  markDelivered(messageId: string): boolean { return sendCustomerReceipt(this.sim, this.customer, messageId) }

  /** Sends a read receipt (blue ticks) for a message the shop sent. */
  markRead(messageId: string): boolean { return sendCustomerReceipt(this.sim, this.customer, messageId, 'read') }
}
