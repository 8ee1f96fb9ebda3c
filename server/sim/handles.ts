// Test-facing handles: a phone (an account's primary device) and a customer.
import type { Account, Companion, Customer } from './directory.js'
import type { OutgoingMessage } from './flows/messaging.js'
import type { WaSim } from './sim.js'

export class SimPhone {
  constructor(private readonly sim: WaSim, readonly account: Account) {}

  get pn(): string { return this.account.pn }
  get jid(): string { return `${this.account.pn}@s.whatsapp.net` }
  get devices(): Companion[] { return [...this.account.companions.values()] }

  /** Scans a QR shown by a companion; resolves with the new device once it signed and registered. */
  scan(qr: string, timeoutMs = 15_000): Promise<Companion> {
    const done = this.nextPairedDevice(timeoutMs)
    this.sim.scan(this.account, qr)
    return done
  }

  /** Types the 8-character code a companion displays into this phone. */
  async enterPairingCode(code: string, timeoutMs = 15_000): Promise<Companion> {
    const done = this.nextPairedDevice(timeoutMs)
    await this.sim.enterCode(this.account, code)
    return done
  }

  private nextPairedDevice(timeoutMs: number): Promise<Companion> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => { this.sim.off('paired', on); reject(new Error('pairing did not complete')) }, timeoutMs)
      const on = (c: Companion) => { if (c.account === this.account) { clearTimeout(timer); this.sim.off('paired', on); resolve(c) } }
      this.sim.on('paired', on)
    })
  }

  /** Resolves when `device` has logged in (after the 515 restart). */
  waitForLogin(device: Companion, timeoutMs = 15_000): Promise<void> {
    if (device.conn) return Promise.resolve()
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => { this.sim.off('login', on); reject(new Error('device did not log in')) }, timeoutMs)
      const on = (c: Companion) => { if (c === device) { clearTimeout(timer); this.sim.off('login', on); resolve() } }
      this.sim.on('login', on)
    })
  }

  unlink(device: Companion): void { this.sim.unlink(device) }

  /** Test hook: pretend the key server holds only `keep` of a device's one-time pre-keys. */
  dropServerPreKeys(device: Companion, keep: number): void {
    for (const id of [...device.serverPreKeys.keys()].slice(keep)) device.serverPreKeys.delete(id)
  }
  ban(): void { this.sim.ban(this.account) }

  /** The owner types a message to a customer on the phone itself. */
  sendText(to: SimCustomer, text: string): Promise<string> { return this.sim.phoneSend(this.account, to.customer, text) }
}

export class SimCustomer {
  constructor(private readonly sim: WaSim, readonly customer: Customer) {}

  get pn(): string { return this.customer.pn }
  get jid(): string { return `${this.customer.pn}@s.whatsapp.net` }
  get lidJid(): string { return `${this.customer.lid}@lid` }
  get name(): string { return this.customer.name }

  /** Writes to the shop; with `offline`, the message waits for the devices' next login. */
  sendText(to: SimPhone | string, text: string, opts: { offline?: boolean } = {}): Promise<string> {
    const account = typeof to === 'string' ? this.sim.dir.accounts.get(to) : to.account
    if (!account) throw new Error('unknown shop phone')
    return this.sim.customerSend(this.customer, account, text, opts)
  }

  /** Everything the shop sent this customer, decrypted. */
  received(): OutgoingMessage[] {
    return this.sim.outgoing.filter((m) => m.recipients.some((r) => r.kind === 'customer' && r.jid.split('@')[0]!.split(':')[0] === this.customer.pn) && m.message)
  }

  markRead(messageId: string): void { this.sim.sendReceipt(this.customer, messageId, 'read') }
}
