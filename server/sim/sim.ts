// The WhatsApp Web server simulator: a loopback WebSocket server that speaks the protocol stock
// Baileys speaks (Noise XX, binary nodes, pairing by QR or code, Signal-encrypted 1:1 messages,
// receipts, offline backlog, close codes), with simulated phones and customers driven from tests,
// the load tool and demo mode. This file is the public, in-process API; the work is in flows/.
import type { BinaryNode } from '@whiskeysockets/baileys'
import { SimCore, type SimCounters, type WaSimOptions } from './core.js'
import type { Account, Companion, Connection } from './directory/types.js'
import { userOf } from './directory/directory.js'
import { handleControl } from './control/http-control.js'
import { checkPreKeys, onDeviceReceipt, redeliver } from './flows/inbound.js'
import { ban, kick, unlink } from './flows/lifecycle.js'
import { onClientPayload, onConnectionClosed } from './flows/login.js'
import type { OutgoingMessage } from './flows/messaging.js'
import { onCompanionMessage } from './flows/outbound.js'
import { SimCustomer, SimPhone } from './handles.js'
import { exportSnapshot, importSnapshot, type SimSnapshot } from './state/snapshot.js'
import { Transport } from './transport/ws-server.js'
import { MediaHost } from './media/media-host.js'
import { routeIq } from './wire/iq-router.js'
import { ack } from './wire/stanzas.js'
import type { KickReason } from './wire/stanzas.js'

export type { WaSimOptions } from './core.js'

export interface SimStats extends SimCounters {
  /** Open WebSocket connections (pairing, logged in, or mid-handshake). */
  connections: number
  /** Companions logged in right now. */
  online: number
  /** Answered IQs by `xmlns/type/first-child`. */
  iqs: Record<string, number>
  unknownIq: number
  unknownIqs: string[]
}

type DeviceRef = Companion | string

export class WaSim extends SimCore {
  private transport!: Transport

  private constructor(opts: WaSimOptions) {
    super(opts)
    if (opts.restore) importSnapshot(this.dir, opts.restore)
    this.keys.onPreKeyTaken = (c) => checkPreKeys(this, c)
  }

  static async start(opts: WaSimOptions = {}): Promise<WaSim> {
    const sim = new WaSim(opts)
    sim.transport = new Transport(sim, {
      onPayload: (conn, payload) => onClientPayload(sim, conn, payload),
      onNode: (conn, node) => sim.onNode(conn, node),
      onClose: (conn) => onConnectionClosed(sim, conn),
      onError: (_conn, err) => sim.emit('error-in-connection', err),
      onHttp: (req, res) => void handleControl(sim, req, res),
    })
    await sim.transport.listen(opts.port ?? 0)
    sim.media = await MediaHost.start(opts.maxMediaBytes)
    return sim
  }

  get port(): number { return this.transport.port }
  /** What Baileys' `waWebSocketUrl` must be set to. */
  get url(): string { return `ws://127.0.0.1:${this.port}/ws/chat` }
  get controlUrl(): string { return `http://127.0.0.1:${this.port}/control` }
  /** The root key the Noise certificate chain is signed with (see trust.ts). */
  get rootPublicKey(): Buffer { return Buffer.from(this.rootKeyPair.public) }

  /** Environment for a product process: URL, trust switch and root key for preload.mjs. */
  env(): Record<'WA_SIM' | 'WA_WS_URL' | 'WA_SIM_ROOT_PUB' | 'WA_SIM_MEDIA_CA', string> {
    return { WA_SIM: '1', WA_WS_URL: this.url, WA_SIM_ROOT_PUB: this.rootPublicKey.toString('hex'), WA_SIM_MEDIA_CA: this.mediaCaPem }
  }

  /** The media host's self-signed certificate (PEM): what a client must trust to up/download media. */
  get mediaCaPem(): string { return this.media.caPem }

  async close(): Promise<void> {
    await this.transport.close()
    await this.media?.close()
  }

  // ---- parties -------------------------------------------------------------------------------

  /** An account's primary phone; returns the existing one when `pn` is already known. */
  createPhone(opts: { pn?: string; pushName?: string } = {}): SimPhone {
    const pn = opts.pn ?? this.dir.allocatePn()
    return new SimPhone(this, this.dir.accounts.get(pn) ?? this.dir.addAccount(pn, opts.pushName ?? `Toko ${pn.slice(-4)}`))
  }

  phone(pn: string): SimPhone | undefined {
    const account = this.dir.accounts.get(userOf(pn))
    return account ? new SimPhone(this, account) : undefined
  }

  phones(): SimPhone[] { return [...this.dir.accounts.values()].map((a) => new SimPhone(this, a)) }

  createCustomer(opts: { pn?: string; name?: string } = {}): SimCustomer {
    const pn = opts.pn ?? this.dir.allocatePn()
    return new SimCustomer(this, this.dir.customers.get(pn) ?? this.dir.addCustomer(pn, opts.name ?? `Pelanggan ${pn.slice(-4)}`))
  }

  customer(pn: string): SimCustomer | undefined {
    const c = this.dir.customers.get(userOf(pn))
    return c ? new SimCustomer(this, c) : undefined
  }

  /** A linked device by its JID (`PN:device@s.whatsapp.net` or LID form). */
  companion(jid: string): Companion | undefined { return this.dir.companion(jid) }

  // ---- observation -------------------------------------------------------------------------------

  stats(): SimStats {
    const online = [...this.dir.accounts.values()].reduce((n, a) => n + [...a.companions.values()].filter((c) => c.conn).length, 0)
    return { connections: this.transport.conns.size, online, ...this.counters, iqs: { ...this.iqs }, unknownIq: this.unknownIqs.length, unknownIqs: [...this.unknownIqs] }
  }

  snapshot(): SimSnapshot { return exportSnapshot(this.dir, this.rootKeyPair) }

  /** Resolves with the first message Baileys sent that matches (including ones already sent). */
  waitForOutgoing(opts: { to?: SimCustomer | string; match?: (m: OutgoingMessage) => boolean; timeout?: number } = {}): Promise<OutgoingMessage> {
    const toPn = typeof opts.to === 'string' ? this.dir.customerOf(opts.to)?.pn ?? userOf(opts.to) : opts.to?.pn
    const ok = (m: OutgoingMessage) =>
      (!toPn || m.recipients.some((r) => r.kind === 'customer' && this.dir.customerOf(r.jid)?.pn === toPn)) && (!opts.match || opts.match(m))
    return this.waitFor<OutgoingMessage>('outgoing', ok, opts.timeout ?? 10_000, this.outgoing.find(ok))
  }

  /** Resolves once `device` is logged in (immediately if it already is). */
  waitForLogin(device: DeviceRef, timeoutMs = 15_000): Promise<Companion> {
    const c = this.device(device)
    return this.waitFor<Companion>('login', (x) => x === c, timeoutMs, c.conn ? c : undefined)
  }

  /** Resolves with the next device any phone links (QR or code). */
  waitForPair(opts: { phone?: SimPhone; timeout?: number } = {}): Promise<Companion> {
    return this.waitFor<Companion>('paired', (c) => !opts.phone || c.account === opts.phone.account, opts.timeout ?? 15_000)
  }

  private waitFor<T>(event: string, ok: (x: T) => boolean, timeoutMs: number, already?: T): Promise<T> {
    if (already !== undefined) return Promise.resolve(already)
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => { this.off(event, on); reject(new Error(`timed out after ${timeoutMs} ms waiting for ${event}`)) }, timeoutMs)
      const on = (x: T) => { if (ok(x)) { clearTimeout(timer); this.off(event, on); resolve(x) } }
      this.on(event, on)
    })
  }

  // ---- lifecycle controls ------------------------------------------------------------------------

  private device(ref: DeviceRef): Companion {
    const c = typeof ref === 'string' ? this.dir.companion(ref) : ref
    if (!c) throw new Error(`unknown device ${String(ref)}`)
    return c
  }

  /** Server-side close of a device's socket: 440 replaced, 515 restart, 503 unavailable. */
  kick(device: DeviceRef, reason: KickReason): void { kick(this, this.device(device), reason) }
  /** Sends the same stanza of message `id` to the device again, as WhatsApp does when a receipt never came. */
  redeliver(device: DeviceRef, id: string): void { redeliver(this, this.device(device), id) }

  /** The phone removes a linked device: 401 device_removed now, and its next login fails 401. */
  unlink(device: DeviceRef): void { unlink(this, this.device(device)) }

  /** WhatsApp bans the account: live devices get 403, logins fail 403. */
  ban(phone: SimPhone | Account | string): void {
    const account = typeof phone === 'string' ? this.dir.accounts.get(userOf(phone)) : phone instanceof SimPhone ? phone.account : phone
    if (!account) throw new Error(`unknown phone ${String(phone)}`)
    ban(this, account)
  }

  // ---- wire ----------------------------------------------------------------------------------------

  private async onNode(conn: Connection, node: BinaryNode): Promise<void> {
    switch (node.tag) {
      case 'iq': return routeIq(this, conn, node)
      case 'message': return onCompanionMessage(this, conn, node)
      case 'receipt': return onDeviceReceipt(this, conn, node)
      case 'notification': return this.send(conn, ack('notification', node.attrs.id!, node.attrs.to ?? node.attrs.from ?? 's.whatsapp.net'))
      case 'ack':
        // A plain ack is routine; one with `error` means Baileys refused what the simulator sent.
        if (node.attrs.error) {
          this.counters.errorAcks += 1
          this.errorAcks.push({ id: node.attrs.id ?? '', class: node.attrs.class ?? '', error: node.attrs.error })
          if (this.errorAcks.length > 1000) this.errorAcks.shift()
          this.emit('error-ack', node)
        }
        return
      case 'chatstate': {
        // Recorded so a test can see the shop typing before its message; nothing to answer.
        const child = Array.isArray(node.content) ? node.content[0] : undefined
        if (child && node.attrs.to) this.chatStates.push({ to: node.attrs.to, state: child.tag, seq: this.outgoing.length })
        if (this.chatStates.length > 1000) this.chatStates.shift()
        return
      }
      default: // presence, ib (unified_session): nothing to answer
    }
  }
}
