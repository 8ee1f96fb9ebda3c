// One tenant's socket while this gateway holds its lease: opens it, reacts to QR / open / close,
// applies the close-code policy with backoff, restarts a socket stuck in "connecting" (watchdog),
// and persists every state change. The manager owns the lease; this class owns the socket.
import type { Logger } from 'pino'
import type { Db } from '../../db/client.js'
import type {
  CloseInfo, InboundMessage, ReceiptUpdate, SessionState, WhatsAppConnection, WhatsAppPort,
} from '../../adapters/whatsapp/whatsapp.port.js'
import type { EventPublisher } from '../realtime/event-bus.js'
import { decideOnClose } from './close-policy.js'
import { QrStore, renderQr } from './qr-store.js'
import { sessionsRepository, type SessionPatch } from './sessions.repository.js'
import type { Lease } from './session-lease.js'

export interface SessionHooks {
  onMessages(tenantId: string, messages: InboundMessage[], kind: 'live' | 'backlog'): Promise<void>
  onReceipts(tenantId: string, updates: ReceiptUpdate[]): Promise<void>
  getMessageText?(tenantId: string, waId: string): Promise<string | undefined>
  onConnected?(tenantId: string): void
}

export interface LiveSessionDeps {
  db: Db
  port: WhatsAppPort
  bus: EventPublisher
  qrStore: QrStore
  hooks: SessionHooks
  logger: Logger
  watchdogMs: number
  /** Called when the session stops for good (logged out, failed, lease lost) so the manager forgets it. */
  onStopped(tenantId: string): void
}

// Baileys shows the first QR for 60 s and each next one for 20 s.
const FIRST_QR_MS = 60_000
const NEXT_QR_MS = 20_000

export class LiveSession {
  private conn: WhatsAppConnection | undefined
  private generation = 0
  private failures = 0
  private replacedCount = 0
  private qrCount = 0
  private state: SessionState = 'disconnected'
  private retryTimer: NodeJS.Timeout | undefined
  private watchdog: NodeJS.Timeout | undefined
  private stopped = false
  private pairingPhone: string | undefined
  private pairingWaiter: { resolve(code: string): void; reject(err: Error): void } | undefined
  /** Message/receipt handlers still running: shutdown waits for them so nothing acked is lost. */
  private readonly inFlight = new Set<Promise<unknown>>()
  private settle: (() => void) | undefined
  private readonly settled = new Promise<void>((resolve) => { this.settle = resolve })

  constructor(readonly tenantId: string, readonly lease: Lease, private readonly deps: LiveSessionDeps) {}

  get currentState(): SessionState { return this.state }
  get isConnected(): boolean { return this.state === 'connected' && Boolean(this.conn) }

  /** Resolves once the first socket opened, showed a QR or stopped (or after `ms`). */
  whenSettled(ms: number): Promise<void> {
    return Promise.race([this.settled, new Promise<void>((r) => setTimeout(r, ms).unref())])
  }

  async start(opts: { pairingPhone?: string } = {}): Promise<void> {
    this.pairingPhone = opts.pairingPhone
    await this.open()
  }

  /** Asks WhatsApp for an 8-character code to type on the phone, restarting the socket in code mode. */
  requestPairingCode(phone: string): Promise<string> {
    return new Promise<string>((resolve, reject) => {
      this.pairingWaiter = { resolve, reject }
      this.pairingPhone = phone
      const timer = setTimeout(() => reject(new Error('no pairing code from WhatsApp in time')), 15_000)
      timer.unref()
      void this.restartSocket().catch(reject)
    })
  }

  async sendText(msg: { toJid: string; text: string; messageId: string }): Promise<{ waId: string }> {
    if (!this.conn || this.state !== 'connected') throw new Error('session not connected')
    return this.conn.sendText(msg)
  }

  /** Close the socket; `logout` also unlinks the device and wipes keys. */
  async stop(mode: 'disconnect' | 'logout' | 'shutdown' | 'lease-lost'): Promise<void> {
    this.stopped = true
    this.generation += 1
    this.clearTimers()
    const conn = this.conn
    this.conn = undefined
    if (mode === 'logout') {
      if (conn) await conn.logout().catch((err) => this.deps.logger.warn({ err }, 'logout failed'))
      await this.deps.port.wipeCredentials(this.tenantId)
      await this.persist('logged_out', { wanted: false, lastError: null, lastCloseCode: null, jid: null, lid: null, phone: null, pushName: null })
    } else {
      if (conn) await conn.close().catch(() => {})
      await Promise.allSettled([...this.inFlight])
      if (mode === 'disconnect') await this.persist('disconnected', { wanted: false, lastError: null })
      // shutdown and lease-lost leave the row as it is: the session is wanted and will come back.
    }
    await this.deps.qrStore.clear(this.tenantId)
    this.pairingWaiter?.reject(new Error('session stopped'))
  }

  private clearTimers(): void {
    clearTimeout(this.retryTimer)
    clearTimeout(this.watchdog)
  }

  private async restartSocket(): Promise<void> {
    this.generation += 1
    this.clearTimers()
    const conn = this.conn
    this.conn = undefined
    if (conn) await conn.close().catch(() => {})
    await this.open()
  }

  private async open(): Promise<void> {
    if (this.stopped) return
    const gen = ++this.generation
    this.qrCount = 0
    await this.persist('connecting')
    this.armWatchdog(gen)
    const live = () => gen === this.generation && !this.stopped
    try {
      const conn = await this.deps.port.connect({
        tenantId: this.tenantId,
        fence: this.lease.fence,
        ...(this.pairingPhone ? { pairingPhone: this.pairingPhone } : {}),
        ...(this.deps.hooks.getMessageText ? { getMessageText: (id: string) => this.deps.hooks.getMessageText!(this.tenantId, id) } : {}),
      }, {
        onQr: (qr) => { if (live()) void this.onQr(qr) },
        onPairingCode: (code) => { if (live()) void this.onPairingCode(code) },
        onOpen: (info) => { if (live()) void this.onOpen(info) },
        onClose: (info) => { if (live()) void this.onClose(info) },
        onMessages: (messages, kind) => this.track(this.deps.hooks.onMessages(this.tenantId, messages, kind)),
        onReceipts: (updates) => this.track(this.deps.hooks.onReceipts(this.tenantId, updates)),
      })
      if (live()) this.conn = conn
      else await conn.close()
    } catch (err) {
      this.deps.logger.error({ err }, 'could not open WhatsApp socket')
      if (live()) await this.onClose({ code: 500, reason: (err as Error).message })
    }
  }

  private track<T>(p: Promise<T>): Promise<T> {
    this.inFlight.add(p)
    void p.finally(() => this.inFlight.delete(p)).catch(() => {})
    return p
  }

  /** A socket that reaches neither open nor close (nor a QR) in time is stuck: restart it. */
  private armWatchdog(gen: number): void {
    clearTimeout(this.watchdog)
    this.watchdog = setTimeout(() => {
      if (gen !== this.generation || this.stopped || this.state !== 'connecting') return
      this.deps.logger.warn('socket stuck connecting; restarting it')
      this.generation += 1
      const conn = this.conn
      this.conn = undefined
      void (conn?.close() ?? Promise.resolve()).catch(() => {}).then(() => this.scheduleRetry(408, 'stuck connecting'))
    }, this.deps.watchdogMs)
    this.watchdog.unref()
  }

  private async onQr(code: string): Promise<void> {
    clearTimeout(this.watchdog)
    const expiresAt = new Date(Date.now() + (this.qrCount === 0 ? FIRST_QR_MS : NEXT_QR_MS))
    this.qrCount += 1
    const qr = await renderQr(code, expiresAt)
    await this.deps.qrStore.setQr(this.tenantId, qr)
    await this.persist('qr')
    await this.deps.bus.publish(this.tenantId, 'session.qr', qr)
  }

  private async onPairingCode(code: string): Promise<void> {
    clearTimeout(this.watchdog)
    await this.deps.qrStore.setPairingCode(this.tenantId, code)
    await this.persist('qr')
    this.pairingWaiter?.resolve(code)
    this.pairingWaiter = undefined
  }

  private async onOpen(info: { jid: string; lid: string | null; phone: string; pushName: string | null }): Promise<void> {
    clearTimeout(this.watchdog)
    this.failures = 0
    this.pairingPhone = undefined
    await this.deps.qrStore.clear(this.tenantId)
    await this.persist('connected', {
      jid: info.jid, lid: info.lid, phone: info.phone, pushName: info.pushName,
      lastError: null, lastCloseCode: null, failures: 0, connectedAt: new Date(), wanted: true,
    })
    this.deps.hooks.onConnected?.(this.tenantId)
  }

  private async onClose(info: CloseInfo): Promise<void> {
    this.clearTimers()
    this.conn = undefined
    const pairing = this.state === 'qr'
    const action = decideOnClose({ code: info.code, failures: this.failures, replacedCount: this.replacedCount, pairing })
    this.deps.logger.info({ code: info.code, action: action.kind }, 'WhatsApp socket closed')
    if (info.code === 440) this.replacedCount += 1
    else if (info.code !== 515) this.replacedCount = 0
    switch (action.kind) {
      case 'ignore': return
      case 'reconnect-now': return this.open()
      case 'retry': return this.scheduleRetry(info.code, info.reason, action.delayMs)
      case 'stop': {
        this.stopped = true
        this.generation += 1
        if (action.wipeKeys) await this.deps.port.wipeCredentials(this.tenantId)
        await this.deps.qrStore.clear(this.tenantId)
        await this.persist(action.state, {
          wanted: false, lastError: action.error, lastCloseCode: info.code,
          ...(action.wipeKeys ? { jid: null, lid: null, phone: null, pushName: null } : {}),
        })
        this.pairingWaiter?.reject(new Error(action.error))
        this.deps.onStopped(this.tenantId)
      }
    }
  }

  private async scheduleRetry(code: number, reason: string, delayMs?: number): Promise<void> {
    const action = delayMs === undefined ? decideOnClose({ code, failures: this.failures, replacedCount: 0, pairing: false }) : { kind: 'retry' as const, delayMs }
    this.failures += 1
    if (action.kind === 'stop') return this.onClose({ code, reason })
    const wait = action.kind === 'retry' ? action.delayMs : 0
    await this.persist('connecting', { lastError: reason, lastCloseCode: code, failures: this.failures })
    this.retryTimer = setTimeout(() => void this.open(), wait)
    this.retryTimer.unref()
  }

  private async persist(state: SessionState, extra: SessionPatch = {}): Promise<void> {
    this.state = state
    if (state !== 'connecting') this.settle?.()
    const row = await sessionsRepository.setState(this.deps.db, this.tenantId, state, extra)
    await this.deps.bus.publish(this.tenantId, 'session.state', {
      state, phone: row.phone, pushName: row.pushName, lastError: row.lastError, lastCloseCode: row.lastCloseCode,
    })
  }
}
