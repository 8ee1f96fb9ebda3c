// Shared state and primitives of one simulator instance. The flows (pairing, login, messaging,
// receipts, lifecycle) are plain functions over this core, so each stays small and testable;
// WaSim (sim.ts) adds the public API on top.
import { EventEmitter } from 'node:events'
import { randomBytes } from 'node:crypto'
import { Curve, type BinaryNode, type KeyPair } from '@whiskeysockets/baileys'
import { Directory } from './directory/directory.js'
import { KeyServer } from './directory/key-server.js'
import type { Connection } from './directory/types.js'
import type { SentInbound } from './flows/inbound.js'
import type { OutgoingMessage } from './flows/messaging.js'
import { buildCertChain, type CertMode } from './transport/cert-chain.js'
import type { SimSnapshot } from './state/snapshot.js'
import { BoundedMap } from './state/bounded-map.js'
import type { MediaHost } from './media/media-host.js'
import type { PhoneMediaCopy } from './flows/customer-media.js'

export interface WaSimOptions {
  /** TCP port on 127.0.0.1 (0 = any free port). */
  port?: number
  /** `wrong-root` signs the chain with a key other than the advertised root (security tests). */
  certMode?: CertMode
  rootKeyPair?: KeyPair
  /** pair-device refs per QR session; Baileys closes with 408 when they run out. Default 6. */
  refsPerPairing?: number
  /** Delay before a customer's device sends the delivery receipt (ms). Default 150. */
  deliveryReceiptMs?: number
  /** When set, customers also send a read receipt this many ms after the delivery receipt. */
  readReceiptMs?: number | null
  /** Below this many server-side one-time pre-keys a companion is asked to upload more. Default 5. */
  lowPreKeyThreshold?: number
  /** How many decrypted outgoing messages (and receipts per id) to keep; demo mode runs for days. */
  historyLimit?: number
  restore?: SimSnapshot
  /** Largest upload the media host takes (bytes). Default 100 MB. */
  maxMediaBytes?: number
}

export interface SimCounters {
  handshakes: number
  pairs: number
  logins: number
  loginFailures: number
  messagesIn: number
  messagesOut: number
  receiptsOut: number
  retriesAnswered: number
  errorAcks: number
  /** Media re-upload requests (`receipt type=server-error`) answered. */
  mediaRetries: number
}

export class SimCore extends EventEmitter {
  readonly dir = new Directory()
  readonly keys = new KeyServer(this.dir)
  /** pair-device ref → the connection that shows it as a QR. */
  readonly refs = new Map<string, Connection>()
  /** Phone number → the connection that asked for a pairing code for it. */
  readonly codeRequests = new Map<string, Connection>()
  readonly conns = new Set<Connection>()
  /** Messages companions sent, decrypted; oldest dropped beyond `historyLimit`. */
  readonly outgoing: OutgoingMessage[] = []
  /** Chat states (typing) companions sent; `seq` is how many messages had been sent before it. */
  readonly chatStates: Array<{ to: string; state: string; seq: number }> = []
  readonly outgoingById: BoundedMap<string, OutgoingMessage>
  /** Receipt types companions sent per message id ('delivery', 'inactive', 'read', 'retry', …). */
  readonly deviceReceipts: BoundedMap<string, string[]>
  /** What parties sent to companions, by id, so a retry receipt can be answered with a re-encryption. */
  readonly sentInbound: BoundedMap<string, SentInbound>
  /** The exact stanza each device was last sent per message id, for `redeliver`. */
  readonly deliveredStanzas: BoundedMap<string, { device: string; node: BinaryNode }>
  /** `<ack error=…>` Baileys sent for stanzas it refused (e.g. 495 unsupported, 500 decrypt failure). */
  readonly errorAcks: Array<{ id: string; class: string; error: string }> = []
  readonly counters: SimCounters = { handshakes: 0, pairs: 0, logins: 0, loginFailures: 0, messagesIn: 0, messagesOut: 0, receiptsOut: 0, retriesAnswered: 0, errorAcks: 0, mediaRetries: 0 }
  /** The simulated media servers (HTTPS); set by WaSim.start. */
  media!: MediaHost
  /** Media customers' phones uploaded, by message id: what a re-upload request is answered from. */
  readonly phoneMedia: BoundedMap<string, PhoneMediaCopy>
  readonly iqs: Record<string, number> = {}
  readonly unknownIqs: string[] = []
  readonly rootKeyPair: KeyPair
  readonly staticKeyPair = Curve.generateKeyPair()
  readonly certChain: Uint8Array

  protected constructor(readonly opts: WaSimOptions) {
    super()
    this.setMaxListeners(0) // one waiter per pairing in flight; load tools pair dozens at once
    const limit = opts.historyLimit ?? 10_000
    this.outgoingById = new BoundedMap(limit)
    this.deviceReceipts = new BoundedMap(limit * 2)
    this.sentInbound = new BoundedMap(limit)
    this.deliveredStanzas = new BoundedMap(limit)
    this.phoneMedia = new BoundedMap(limit)
    this.rootKeyPair = opts.rootKeyPair ?? opts.restore?.rootKeyPair ?? Curve.generateKeyPair()
    this.certChain = buildCertChain(this.rootKeyPair, this.staticKeyPair, opts.certMode ?? 'own')
  }

  newId(): string { return randomBytes(8).toString('hex').toUpperCase() }

  /** Writes a node if the socket is open and past the handshake; silently drops it otherwise. */
  send(conn: Connection, node: BinaryNode): void {
    if (conn.ws.readyState === conn.ws.OPEN && conn.noise.established) conn.ws.send(conn.noise.encodeNode(node))
  }

  /** Closes after a short delay so the last stanza (stream:error, failure) reaches the client. */
  closeSoon(conn: Connection): void { setTimeout(() => conn.ws.close(), 20).unref() }

  countIq(key: string, known: boolean): void {
    this.iqs[key] = (this.iqs[key] ?? 0) + 1
    if (!known) { this.unknownIqs.push(key); this.emit('unknown-iq', key) }
  }

  recordOutgoing(m: OutgoingMessage): void {
    this.outgoing.push(m)
    const limit = this.opts.historyLimit ?? 10_000
    if (this.outgoing.length > limit * 1.1) this.outgoing.splice(0, this.outgoing.length - limit)
    this.outgoingById.set(m.id, m)
    this.counters.messagesOut += 1
    this.emit('outgoing', m)
  }
}
