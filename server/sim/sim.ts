// The WhatsApp Web server simulator: a loopback WebSocket server that speaks the protocol stock
// Baileys speaks (Noise XX, binary nodes, pairing, Signal-encrypted 1:1 messages, receipts, close
// codes), with simulated phones and customers driven from tests, the load tool and demo mode.
import { EventEmitter } from 'node:events'
import { createServer, type Server } from 'node:http'
import { randomBytes } from 'node:crypto'
import { Curve, jidDecode, type BinaryNode, type KeyPair } from '@whiskeysockets/baileys'
import { WebSocketServer, type WebSocket } from 'ws'
import { Directory, S_NET, SERVER_JID, type Account, type Companion, type Connection, type Customer } from './directory.js'
import { buildCertChain, type CertMode } from './transport/cert-chain.js'
import { NoiseServer } from './transport/noise-server.js'
import { routeIq, type IqContext } from './wire/iq-router.js'
import { child, childrenOf, nowSeconds } from './wire/nodes.js'
import { enterPairingCode, finishPairing, onCompanionFinish, onCompanionHello, scanQr, type PairingHost } from './flows/pairing.js'
import { buildInbound, customerAttrs, decryptOutgoing, phoneAttrs, type OutgoingMessage } from './flows/messaging.js'
import { SimCustomer, SimPhone } from './handles.js'
import { exportSnapshot, importSnapshot, type SimSnapshot } from './state/snapshot.js'
import { handleControl } from './control/http-control.js'

export interface WaSimOptions {
  port?: number
  certMode?: CertMode
  rootKeyPair?: KeyPair
  /** pair-device refs per QR session; Baileys closes with 408 when they run out. */
  refsPerPairing?: number
  /** Delay before a customer's device sends the delivery receipt (ms). */
  deliveryReceiptMs?: number
  /** When set, customers also send a read receipt after this many ms. */
  readReceiptMs?: number | null
  /** Below this many server-side one-time pre-keys a companion is asked to upload more. */
  lowPreKeyThreshold?: number
  restore?: SimSnapshot
}

export interface SimStats {
  connections: number
  handshakes: number
  pairs: number
  logins: number
  messagesIn: number
  messagesOut: number
  retriesAnswered: number
  iqs: Record<string, number>
  unknownIq: number
  unknownIqs: string[]
}

export class WaSim extends EventEmitter implements PairingHost {
  readonly dir = new Directory()
  readonly refs = new Map<string, Connection>()
  private readonly codeRequests = new Map<string, Connection>()
  private readonly conns = new Set<Connection>()
  readonly outgoing: OutgoingMessage[] = []
  private readonly counters = { handshakes: 0, pairs: 0, logins: 0, messagesIn: 0, messagesOut: 0, retriesAnswered: 0 }
  private readonly iqs: Record<string, number> = {}
  private readonly unknownIqs: string[] = []
  private connSeq = 0
  private http!: Server
  private wss!: WebSocketServer
  readonly rootKeyPair: KeyPair
  private readonly staticKeyPair = Curve.generateKeyPair()
  private readonly certChain: Uint8Array
  port = 0

  private constructor(readonly opts: WaSimOptions) {
    super()
    this.setMaxListeners(0) // one waiter per pairing in flight; load tools pair dozens at once
    this.rootKeyPair = opts.rootKeyPair ?? opts.restore?.rootKeyPair ?? Curve.generateKeyPair()
    this.certChain = buildCertChain(this.rootKeyPair, this.staticKeyPair, opts.certMode ?? 'own')
    if (opts.restore) importSnapshot(this.dir, opts.restore)
    this.dir.onPreKeyTaken = (c) => this.checkPreKeys(c)
  }

  /** Like the real server: tell a device whose one-time pre-keys run low to upload more. */
  private checkPreKeys(c: Companion): void {
    const left = c.serverPreKeys.size
    if (!c.conn || left >= (this.opts.lowPreKeyThreshold ?? 5)) return
    this.send(c.conn, { tag: 'notification', attrs: { from: SERVER_JID, type: 'encrypt', id: this.newId(), t: nowSeconds() }, content: [{ tag: 'count', attrs: { value: String(left) } }] })
    this.emit('prekeys-low', c)
  }

  static async start(opts: WaSimOptions = {}): Promise<WaSim> {
    const sim = new WaSim(opts)
    sim.http = createServer((req, res) => void handleControl(sim, req, res))
    sim.wss = new WebSocketServer({ server: sim.http, path: '/ws/chat', perMessageDeflate: false })
    sim.wss.on('connection', (ws) => sim.onConnection(ws))
    await new Promise<void>((resolve) => sim.http.listen(opts.port ?? 0, '127.0.0.1', resolve))
    sim.port = (sim.http.address() as { port: number }).port
    return sim
  }

  get url(): string { return `ws://127.0.0.1:${this.port}/ws/chat` }
  get controlUrl(): string { return `http://127.0.0.1:${this.port}/control` }
  get rootPublicKey(): Buffer { return Buffer.from(this.rootKeyPair.public) }

  async close(): Promise<void> {
    for (const c of this.conns) c.ws.terminate()
    await new Promise<void>((resolve) => this.wss.close(() => resolve()))
    await new Promise<void>((resolve) => this.http.close(() => resolve()))
  }

  // ---- public API: parties -------------------------------------------------------------------

  createPhone(opts: { pn?: string; pushName?: string } = {}): SimPhone {
    const pn = opts.pn ?? this.dir.allocatePn()
    return new SimPhone(this, this.dir.accounts.get(pn) ?? this.dir.addAccount(pn, opts.pushName ?? `Toko ${pn.slice(-4)}`))
  }

  phone(pn: string): SimPhone | undefined {
    const account = this.dir.accounts.get(pn)
    return account ? new SimPhone(this, account) : undefined
  }

  createCustomer(opts: { pn?: string; name?: string } = {}): SimCustomer {
    const pn = opts.pn ?? this.dir.allocatePn()
    return new SimCustomer(this, this.dir.customers.get(pn) ?? this.dir.addCustomer(pn, opts.name ?? `Pelanggan ${pn.slice(-4)}`))
  }

  customer(pn: string): SimCustomer | undefined {
    const c = this.dir.customers.get(pn)
    return c ? new SimCustomer(this, c) : undefined
  }

  stats(): SimStats {
    return { connections: this.conns.size, ...this.counters, iqs: { ...this.iqs }, unknownIq: this.unknownIqs.length, unknownIqs: [...this.unknownIqs] }
  }

  snapshot(): SimSnapshot { return exportSnapshot(this.dir, this.rootKeyPair) }

  /** Resolves with the first message Baileys sent that matches (including ones already sent). */
  waitForOutgoing(opts: { to?: SimCustomer | string; match?: (m: OutgoingMessage) => boolean; timeout?: number } = {}): Promise<OutgoingMessage> {
    const toPn = typeof opts.to === 'string' ? opts.to.split('@')[0] : opts.to?.pn
    const ok = (m: OutgoingMessage) => (!toPn || m.recipients.some((r) => r.kind === 'customer' && this.dir.resolve(r.jid)?.kind === 'customer' && (this.dir.resolve(r.jid) as { customer: Customer }).customer.pn === toPn)) && (!opts.match || opts.match(m))
    const found = this.outgoing.find(ok)
    if (found) return Promise.resolve(found)
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => { this.off('outgoing', on); reject(new Error('timed out waiting for an outgoing message')) }, opts.timeout ?? 10_000)
      const on = (m: OutgoingMessage) => { if (ok(m)) { clearTimeout(timer); this.off('outgoing', on); resolve(m) } }
      this.on('outgoing', on)
    })
  }

  // ---- lifecycle controls -----------------------------------------------------------------------

  companion(jid: string): Companion | undefined {
    const r = this.dir.resolve(jid)
    return r?.kind === 'companion' ? r.companion : undefined
  }

  /** Server-side close of a device's socket: 440 replaced, 515 restart, 503 unavailable. */
  kick(deviceJid: string, reason: 'replaced' | 'restart' | 'unavailable'): void {
    const conn = this.companion(deviceJid)?.conn
    if (!conn) throw new Error(`${deviceJid} is not connected`)
    const node: BinaryNode = reason === 'replaced'
      ? { tag: 'stream:error', attrs: {}, content: [{ tag: 'conflict', attrs: { type: 'replaced' } }] }
      : { tag: 'stream:error', attrs: { code: reason === 'restart' ? '515' : '503' } }
    this.send(conn, node)
    this.closeSoon(conn)
  }

  /** The phone removes a linked device: 401 device_removed now, and its next login fails 401. */
  unlink(companion: Companion): void {
    companion.account.companions.delete(companion.device)
    if (companion.conn) {
      this.send(companion.conn, { tag: 'stream:error', attrs: { code: '401' }, content: [{ tag: 'conflict', attrs: { type: 'device_removed' } }] })
      this.closeSoon(companion.conn)
    }
  }

  /** WhatsApp bans the account: live devices get 403, logins fail 403. */
  ban(account: Account): void {
    account.banned = true
    for (const c of account.companions.values()) {
      if (!c.conn) continue
      this.send(c.conn, { tag: 'stream:error', attrs: { code: '403' } })
      this.closeSoon(c.conn)
    }
  }

  // ---- PairingHost --------------------------------------------------------------------------------

  newId(): string { return randomBytes(8).toString('hex').toUpperCase() }

  send(conn: Connection, node: BinaryNode): void {
    if (conn.ws.readyState === conn.ws.OPEN && conn.noise.established) conn.ws.send(conn.noise.encodeNode(node))
  }

  closeSoon(conn: Connection): void { setTimeout(() => conn.ws.close(), 20).unref() }

  registerCompanion(companion: Companion): void {
    companion.account.companions.set(companion.device, companion)
    this.counters.pairs += 1
    this.emit('paired', companion)
  }

  scan(account: Account, qr: string): void { scanQr(this, account, qr) }

  async enterCode(account: Account, code: string): Promise<void> {
    // The companion's request may still be in flight when the owner "types" the code.
    const deadline = Date.now() + 5000
    let conn = this.codeRequests.get(account.pn)
    while (!conn && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 20))
      conn = this.codeRequests.get(account.pn)
    }
    if (!conn) throw new Error(`no pairing code was requested for ${account.pn}`)
    await enterPairingCode(this, conn, account, code.replace(/-/g, '').toUpperCase())
  }

  /** Sends to a companion now, or queues it as offline backlog for its next login. */
  async deliver(companion: Companion, build: (offline: boolean) => Promise<BinaryNode>, forceOffline = false): Promise<void> {
    const online = Boolean(companion.conn) && !forceOffline
    const node = await build(!online)
    if (online) {
      ;(companion.unacked ??= new Map()).set(node.attrs.id!, node)
      this.send(companion.conn!, node)
    } else companion.offlineQueue.push(node)
    this.counters.messagesIn += 1
  }

  /** What customers sent, by message id, so a retry receipt can be answered with a re-encryption. */
  private readonly sentByCustomers = new Map<string, { customer: Customer; text: string }>()

  async customerSend(customer: Customer, account: Account, text: string, opts: { offline?: boolean; id?: string } = {}): Promise<string> {
    const id = opts.id ?? `3A${randomBytes(9).toString('hex').toUpperCase()}`
    this.sentByCustomers.set(id, { customer, text })
    for (const companion of account.companions.values()) {
      await this.deliver(companion, (offline) => buildInbound(this.dir, customer.party, companion, { conversation: text }, customerAttrs(customer, id), offline), opts.offline)
    }
    return id
  }

  async phoneSend(account: Account, customer: Customer, text: string): Promise<string> {
    const id = `3A${randomBytes(9).toString('hex').toUpperCase()}`
    const dsm = { deviceSentMessage: { destinationJid: `${customer.pn}@${S_NET}`, message: { conversation: text } } }
    for (const companion of account.companions.values()) {
      await this.deliver(companion, (offline) => buildInbound(this.dir, account.phone, companion, dsm, phoneAttrs(account, customer, id), offline))
    }
    return id
  }

  sendReceipt(customer: Customer, messageId: string, type?: 'read'): void {
    for (const account of this.dir.accounts.values()) {
      for (const c of account.companions.values()) {
        if (!c.conn || !this.outgoing.some((m) => m.id === messageId && m.from === c.jid)) continue
        this.send(c.conn, { tag: 'receipt', attrs: { from: `${customer.pn}@${S_NET}`, id: messageId, t: nowSeconds(), ...(type ? { type } : {}) } })
      }
    }
  }

  // ---- connections ---------------------------------------------------------------------------------

  private onConnection(ws: WebSocket): void {
    const conn: Connection = { id: ++this.connSeq, ws, noise: new NoiseServer(this.staticKeyPair, this.certChain), phase: 'hello' }
    this.conns.add(conn)
    ws.on('message', (data: Buffer) => void this.onData(conn, data).catch((err) => {
      this.emit('error-in-connection', err)
      ws.close()
    }))
    ws.on('close', () => {
      this.conns.delete(conn)
      for (const ref of conn.refs ?? []) this.refs.delete(ref)
      if (conn.companion?.conn === conn) {
        conn.companion.conn = undefined
        // Whatever the device never confirmed comes again with its next login.
        for (const node of conn.companion.unacked?.values() ?? []) conn.companion.offlineQueue.push({ ...node, attrs: { ...node.attrs, offline: '1' } })
        conn.companion.unacked?.clear()
      }
      if (conn.pairingCode && this.codeRequests.get(conn.pairingCode.phoneNumber) === conn) this.codeRequests.delete(conn.pairingCode.phoneNumber)
      this.emit('connection-closed', conn)
    })
  }

  private async onData(conn: Connection, data: Buffer): Promise<void> {
    for (const frame of conn.noise.push(data)) {
      if (conn.phase === 'hello') { conn.ws.send(conn.noise.onClientHello(frame)); conn.phase = 'finish'; continue }
      if (conn.phase === 'finish') {
        this.counters.handshakes += 1
        const { clientStatic, payload } = conn.noise.onClientFinish(frame)
        conn.phase = 'open'
        conn.clientStatic = clientStatic
        this.onClientPayload(conn, payload)
        continue
      }
      await this.onNode(conn, await conn.noise.decodeNode(frame))
    }
  }

  private onClientPayload(conn: Connection, payload: import('@whiskeysockets/baileys').proto.ClientPayload): void {
    const p = payload.devicePairingData
    if (p) {
      const be = (b: Uint8Array | null | undefined) => (b ? [...b].reduce((a, x) => a * 256 + x, 0) : 0)
      conn.registration = {
        registrationId: be(p.eRegid), identity: Buffer.from(p.eIdent!), noisePub: conn.clientStatic!,
        signedPreKey: { keyId: be(p.eSkeyId), keyPair: { public: Buffer.from(p.eSkeyVal!) }, signature: Buffer.from(p.eSkeySig!) },
      }
      conn.refs = Array.from({ length: this.opts.refsPerPairing ?? 6 }, () => `2@${randomBytes(24).toString('base64')}`)
      for (const ref of conn.refs) this.refs.set(ref, conn)
      this.send(conn, { tag: 'iq', attrs: { from: SERVER_JID, type: 'set', id: this.newId(), xmlns: 'md' }, content: [
        { tag: 'pair-device', attrs: {}, content: conn.refs.map((r) => ({ tag: 'ref', attrs: {}, content: Buffer.from(r) })) },
      ] })
      return
    }
    this.login(conn, String(payload.username ?? ''), payload.device ?? 0)
  }

  private login(conn: Connection, username: string, device: number): void {
    const account = this.dir.accounts.get(username)
    const companion = account?.companions.get(device)
    const fail = (reason: string) => { this.send(conn, { tag: 'failure', attrs: { reason, location: 'sim' } }); this.closeSoon(conn) }
    if (!account || !companion || !companion.noisePub.equals(conn.clientStatic!)) return fail('401')
    if (account.banned) return fail('403')
    this.counters.logins += 1
    if (companion.conn && companion.conn !== conn) {
      // A second login with the same credentials replaces the first socket (440 on the old one).
      this.send(companion.conn, { tag: 'stream:error', attrs: {}, content: [{ tag: 'conflict', attrs: { type: 'replaced' } }] })
      this.closeSoon(companion.conn)
    }
    conn.companion = companion
    companion.conn = conn
    this.send(conn, { tag: 'success', attrs: { t: nowSeconds(), lid: companion.lid, props: '1', abprops: '1', location: 'sim', creation: nowSeconds() } })
    const backlog = companion.offlineQueue.splice(0)
    for (const node of backlog) this.send(conn, node)
    this.send(conn, { tag: 'ib', attrs: { from: SERVER_JID }, content: [{ tag: 'offline', attrs: { count: String(backlog.length) } }] })
    this.emit('login', companion)
  }

  private iqContext(): IqContext {
    return {
      dir: this.dir,
      send: (c, n) => this.send(c, n),
      countIq: (key, known) => {
        this.iqs[key] = (this.iqs[key] ?? 0) + 1
        if (!known) { this.unknownIqs.push(key); this.emit('unknown-iq', key) }
      },
      onPreKeysUploaded: (c) => this.emit('prekeys', c.companion),
      onCompanionLogout: (c) => {
        if (c.companion) c.companion.account.companions.delete(c.companion.device)
        this.emit('logout', c.companion)
      },
      onPairDeviceSign: (c, n) => this.emit('paired-device', finishPairing(this, c, n)),
      onPairingCodeRequest: (c, n) => {
        const stage = child(n, 'link_code_companion_reg')?.attrs.stage
        if (stage === 'companion_hello') onCompanionHello(this, c, n, this.codeRequests)
        else if (stage === 'companion_finish') onCompanionFinish(this, c, n)
        else this.send(c, { tag: 'iq', attrs: { from: SERVER_JID, type: 'result', id: n.attrs.id! } })
      },
    }
  }

  private async onNode(conn: Connection, node: BinaryNode): Promise<void> {
    switch (node.tag) {
      case 'iq': return routeIq(this.iqContext(), conn, node)
      case 'message': return this.onMessage(conn, node)
      case 'receipt':
        this.recordDeviceReceipt(conn, node)
        return this.send(conn, { tag: 'ack', attrs: { class: 'receipt', id: node.attrs.id!, from: node.attrs.to ?? S_NET, ...(node.attrs.type ? { type: node.attrs.type } : {}) } })
      case 'notification':
        return this.send(conn, { tag: 'ack', attrs: { class: 'notification', id: node.attrs.id!, from: SERVER_JID } })
      default: // ack, presence, ib, chatstate: nothing to answer
    }
  }

  /**
   * Receipts companions send for messages they received: a plain (or `inactive`) receipt means the
   * device decrypted it; `retry` means it could not (Bad MAC, missing session).
   */
  readonly deviceReceipts = new Map<string, string[]>()

  private recordDeviceReceipt(conn: Connection, node: BinaryNode): void {
    const ids = [node.attrs.id!, ...childrenOf(child(node, 'list')).map((i) => i.attrs.id!)]
    for (const id of ids) {
      if (node.attrs.type !== 'retry') conn.companion?.unacked?.delete(id)
      const list = this.deviceReceipts.get(id) ?? []
      list.push(node.attrs.type ?? 'delivery')
      this.deviceReceipts.set(id, list)
    }
    if (node.attrs.type === 'retry') {
      this.emit('retry-receipt', node.attrs.id)
      void this.answerRetry(conn, node).catch((err) => this.emit('error-in-connection', err))
    }
  }

  /** A device could not decrypt: start a fresh Signal session and send the same message again. */
  private async answerRetry(conn: Connection, node: BinaryNode): Promise<void> {
    const original = this.sentByCustomers.get(node.attrs.id!)
    const companion = conn.companion
    if (!original || !companion) return
    const [name, device] = [companion.lid.split('@')[0]!.split(':')[0]!, companion.device]
    original.customer.party.dropSession(name, device)
    this.send(conn, await buildInbound(this.dir, original.customer.party, companion, { conversation: original.text }, customerAttrs(original.customer, node.attrs.id!), false))
    this.counters.retriesAnswered += 1
  }

  private async onMessage(conn: Connection, node: BinaryNode): Promise<void> {
    if (!conn.companion) return
    this.send(conn, { tag: 'ack', attrs: { class: 'message', id: node.attrs.id!, from: node.attrs.to!, t: nowSeconds() } })
    const out = await decryptOutgoing(this.dir, conn, node)
    this.outgoing.push(out)
    this.counters.messagesOut += 1
    this.emit('outgoing', out)
    const target = jidDecode(node.attrs.to!)
    const customer = target ? this.dir.resolve(`${target.user}@${target.server}`) : undefined
    if (customer?.kind === 'customer' && out.message) {
      const delivery = this.opts.deliveryReceiptMs ?? 150
      setTimeout(() => this.sendReceipt(customer.customer, out.id), delivery).unref()
      const read = this.opts.readReceiptMs
      if (read !== undefined && read !== null) setTimeout(() => this.sendReceipt(customer.customer, out.id, 'read'), delivery + read).unref()
    }
  }
}
