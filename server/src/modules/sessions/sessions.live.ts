// One device's socket (a linked number of a tenant) while this gateway holds its lease: opens it, reacts to QR / open / close,
// applies the close-code policy with backoff, restarts a socket stuck in "connecting" (watchdog),
// and persists every state change. The manager owns the lease; this class owns the socket.
import type { Logger } from 'pino'
import type { Db } from '../../db/client.js'
import type {
  CloseInfo, InboundMessage, MediaUploadRef, NumberCheck, OutgoingMediaFile, OutgoingMessage, ReceiptUpdate, SessionState, WhatsAppConnection, WhatsAppPort,
} from '../../adapters/whatsapp/whatsapp.port.js'
import type { OutboxPublisher } from '../realtime/realtime.bus.js'
import { decideOnClose } from './sessions.close-policy.js'
import { AppError, conflict } from '../../shared/errors.js'
import { QrStore, renderQr, type PairingCodeInfo } from './sessions.qr-store.js'
import { sessionsRepository, type SessionPatch } from './sessions.repository.js'
import type { Lease } from './sessions.lease.js'
import type { DeviceRef } from './sessions.types.js'

export interface SessionHooks {
  /** Messages on the socket of `deviceId`, one of the tenant's numbers (its chats are that number's). */
  onMessages(tenantId: string, messages: InboundMessage[], kind: 'live' | 'backlog', deviceId: string): Promise<void>
  onReceipts(tenantId: string, updates: ReceiptUpdate[], deviceId: string): Promise<void>
  /** A message we sent, as it was sent (WhatsApp retry requests re-send it). */
  getOutgoingMessage?(tenantId: string, waId: string): Promise<OutgoingMessage | undefined>
  onConnected?(tenantId: string, deviceId: string): void
}

export interface LiveSessionDeps {
  db: Db
  port: WhatsAppPort
  bus: OutboxPublisher
  qrStore: QrStore
  hooks: SessionHooks
  logger: Logger
  watchdogMs: number
  /** Called when the session stops for good (logged out, failed, lease lost) so the manager forgets it. */
  onStopped(deviceId: string): void
}

// Baileys shows the first QR for 60 s and each next one for 20 s.
const FIRST_QR_MS = 60_000
const NEXT_QR_MS = 20_000
// A pairing code is asked for on a fresh socket, which Baileys keeps up while its QR refs last
// (60 s + 5 × 20 s); the code is good for about that long.
const CODE_TTL_MS = 150_000
// A live code is handed out again only if the owner still has time to type it.
const CODE_REUSE_MIN_MS = 30_000
// Below the API's own wait for a gateway's answer, so the caller gets this clear error, not a timeout.
const CODE_WAIT_MS = 12_000
const CODE_EXPIRED = 'The pairing code expired before it was entered on the phone.'

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
  /** The code request in flight: concurrent callers for the same number share it. */
  private codeRequest: { phone: string; promise: Promise<string>; resolve(code: string): void; reject(err: Error): void } | undefined
  /** The code the phone can be linked with now (pairing-code mode). */
  private liveCode: PairingCodeInfo | undefined
  private codeTimer: NodeJS.Timeout | undefined
  /** Message/receipt handlers still running: shutdown waits for them so nothing acked is lost. */
  private readonly inFlight = new Set<Promise<unknown>>()
  private settle: (() => void) | undefined
  private readonly settled = new Promise<void>((resolve) => { this.settle = resolve })

  constructor(readonly device: DeviceRef, readonly lease: Lease, private readonly deps: LiveSessionDeps) {}

  get tenantId(): string { return this.device.tenantId }
  get deviceId(): string { return this.device.deviceId }

  get currentState(): SessionState { return this.state }
  get isConnected(): boolean { return this.state === 'connected' && Boolean(this.conn) }

  /** Resolves once the first socket opened, showed a QR or stopped (or after `ms`). */
  whenSettled(ms: number): Promise<void> {
    return Promise.race([this.settled, new Promise<void>((r) => setTimeout(r, ms).unref())])
  }

  async start(): Promise<void> {
    await this.open()
  }

  /** True while the device is waiting to be linked by a code typed on the phone. */
  get inCodeMode(): boolean { return this.liveCode !== undefined || this.codeRequest !== undefined }

  /**
   * An 8-character code to type on the phone. Asking again for the same number returns the live
   * code (or the one being fetched); otherwise the socket restarts in code mode on a fresh
   * registration, so the code has its whole lifetime. One request at a time: another number
   * while one is in flight is a 409.
   */
  requestPairingCode(phone: string): Promise<string> {
    if (this.state === 'connected') return Promise.reject(conflict('device.already_connected', 'WhatsApp is already connected.'))
    const pending = this.codeRequest
    if (pending) {
      if (pending.phone === phone) return pending.promise
      return Promise.reject(conflict('device.pairing_in_progress', 'A pairing code is being requested already. Wait a moment, then try again.'))
    }
    const live = this.liveCode
    if (live && live.phoneNumber === phone && new Date(live.expiresAt).getTime() - Date.now() > CODE_REUSE_MIN_MS) return Promise.resolve(live.code)
    let resolve!: (code: string) => void
    let reject!: (err: Error) => void
    const promise = new Promise<string>((res, rej) => { resolve = res; reject = rej })
    const timer = setTimeout(() => reject(new AppError('device.pairing_code_unavailable', 'WhatsApp did not send a pairing code in time. Try again in a moment.', 409)), CODE_WAIT_MS)
    timer.unref()
    this.codeRequest = { phone, promise, resolve, reject }
    void promise.catch(() => {}).finally(() => {
      clearTimeout(timer)
      if (this.codeRequest?.promise === promise) this.codeRequest = undefined
    })
    this.pairingPhone = phone
    this.dropCode()
    void this.restartSocket().catch((err: Error) => reject(err))
    return promise
  }

  /** Leaves pairing-code mode for a fresh QR (the owner chose to scan after all). */
  async showQr(): Promise<void> {
    if (!this.inCodeMode || this.state === 'connected') return
    this.codeRequest?.reject(conflict('device.pairing_cancelled', 'Linking by code was replaced by a QR code.'))
    this.pairingPhone = undefined
    this.dropCode()
    await this.deps.qrStore.clear(this.deviceId)
    await this.restartSocket()
  }

  private dropCode(): void {
    this.liveCode = undefined
    clearTimeout(this.codeTimer)
  }

  async sendChatState(toJid: string, state: 'composing' | 'paused'): Promise<void> {
    if (!this.conn || this.state !== 'connected') throw new Error('session not connected')
    await this.conn.sendChatState(toJid, state)
  }

  async sendText(msg: { toJid: string; text: string; messageId: string }): Promise<{ waId: string }> {
    if (!this.conn || this.state !== 'connected') throw new Error('session not connected')
    return this.conn.sendText(msg)
  }

  async uploadMedia(file: OutgoingMediaFile): Promise<MediaUploadRef> {
    if (!this.conn || this.state !== 'connected') throw new Error('session not connected')
    return this.conn.uploadMedia(file)
  }

  async send(msg: OutgoingMessage): Promise<{ waId: string }> {
    if (!this.conn || this.state !== 'connected') throw new Error('session not connected')
    return this.conn.send(msg)
  }

  async checkNumbers(phones: string[]): Promise<NumberCheck[]> {
    if (!this.conn || this.state !== 'connected') throw new AppError('device.not_connected', 'WhatsApp is not connected. Link the device first.', 409)
    return this.conn.checkNumbers(phones)
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
      await this.deps.port.wipeCredentials(this.deviceId)
      await this.persist('logged_out', { wanted: false, lastError: null, lastCloseCode: null, jid: null, lid: null, phone: null, pushName: null })
    } else {
      if (conn) await conn.close().catch(() => {})
      await Promise.allSettled([...this.inFlight])
      if (mode === 'disconnect') await this.persist('disconnected', { wanted: false, lastError: null })
      // shutdown and lease-lost leave the row as it is: the session is wanted and will come back.
    }
    await this.deps.qrStore.clear(this.deviceId)
    this.codeRequest?.reject(conflict('device.pairing_cancelled', 'Linking was stopped before WhatsApp sent a code.'))
  }

  private clearTimers(): void {
    clearTimeout(this.retryTimer)
    clearTimeout(this.watchdog)
    clearTimeout(this.codeTimer)
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
        deviceId: this.deviceId,
        fence: this.lease.fence,
        ...(this.pairingPhone ? { pairingPhone: this.pairingPhone } : {}),
        ...(this.deps.hooks.getOutgoingMessage ? { getOutgoingMessage: (id: string) => this.deps.hooks.getOutgoingMessage!(this.tenantId, id) } : {}),
      }, {
        onQr: (qr) => { if (live()) void this.onQr(qr) },
        onPairingCode: (code) => { if (live()) void this.onPairingCode(code) },
        onOpen: (info) => { if (live()) void this.onOpen(info) },
        onClose: (info) => { if (live()) void this.onClose(info) },
        onMessages: (messages, kind) => this.track(this.deps.hooks.onMessages(this.tenantId, messages, kind, this.deviceId)),
        onReceipts: (updates) => this.track(this.deps.hooks.onReceipts(this.tenantId, updates, this.deviceId)),
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
    // In code mode a QR could not link this socket; the adapter does not forward them, and one
    // that slipped through must not replace the code on screen.
    if (this.inCodeMode) return
    const expiresAt = new Date(Date.now() + (this.qrCount === 0 ? FIRST_QR_MS : NEXT_QR_MS))
    this.qrCount += 1
    const qr = await renderQr(code, expiresAt)
    await this.deps.qrStore.setQr(this.deviceId, qr)
    await this.persist('qr')
    await this.deps.bus.publish(this.tenantId, 'session.qr', { ...qr, deviceId: this.deviceId })
  }

  private async onPairingCode(code: string): Promise<void> {
    clearTimeout(this.watchdog)
    const phoneNumber = this.pairingPhone ?? this.codeRequest?.phone
    if (!phoneNumber) return
    const info: PairingCodeInfo = { code, phoneNumber, expiresAt: new Date(Date.now() + CODE_TTL_MS).toISOString() }
    this.liveCode = info
    await this.deps.qrStore.setPairingCode(this.deviceId, info)
    await this.persist('qr')
    this.codeRequest?.resolve(code)
    clearTimeout(this.codeTimer)
    this.codeTimer = setTimeout(() => void this.codeExpired(info), CODE_TTL_MS)
    this.codeTimer.unref()
  }

  /** Nobody typed the code in time: stop and say so (the owner asks for a new one). */
  private async codeExpired(info: PairingCodeInfo): Promise<void> {
    if (this.stopped || this.liveCode !== info || this.state === 'connected') return
    this.deps.logger.info('pairing code expired unused')
    this.stopped = true
    this.generation += 1
    this.clearTimers()
    const conn = this.conn
    this.conn = undefined
    if (conn) await conn.close().catch(() => {})
    this.dropCode()
    await this.deps.qrStore.clear(this.deviceId)
    await this.persist('disconnected', { wanted: false, lastError: CODE_EXPIRED, lastCloseCode: null })
    this.deps.onStopped(this.deviceId)
  }

  private async onOpen(info: { jid: string; lid: string | null; phone: string; pushName: string | null }): Promise<void> {
    clearTimeout(this.watchdog)
    this.failures = 0
    this.pairingPhone = undefined
    this.dropCode()
    await this.deps.qrStore.clear(this.deviceId)
    await this.persist('connected', {
      jid: info.jid, lid: info.lid, phone: info.phone, pushName: info.pushName,
      lastError: null, lastCloseCode: null, failures: 0, connectedAt: new Date(), wanted: true,
    })
    this.deps.hooks.onConnected?.(this.tenantId, this.deviceId)
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
        // In code mode the refs running out means the code expired, not a QR.
        const error = this.liveCode && pairing && info.code === 408 ? CODE_EXPIRED : action.error
        this.dropCode()
        if (action.wipeKeys) await this.deps.port.wipeCredentials(this.deviceId)
        await this.deps.qrStore.clear(this.deviceId)
        await this.persist(action.state, {
          wanted: false, lastError: error, lastCloseCode: info.code,
          ...(action.wipeKeys ? { jid: null, lid: null, phone: null, pushName: null } : {}),
        })
        this.codeRequest?.reject(conflict('device.pairing_failed', error))
        this.deps.onStopped(this.deviceId)
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
    const pairingMode = state === 'qr' ? (this.liveCode ? 'code' : 'qr') : null
    const pairingCode = state === 'qr' ? this.liveCode ?? null : null
    // The state and its `session.state` event commit together (integrators never miss a change).
    const publish = await this.deps.db.transaction(async (tx) => {
      const row = await sessionsRepository.setState(tx, this.device, state, extra)
      return this.deps.bus.stage(tx, this.tenantId, 'session.state', {
        deviceId: this.deviceId, state, phone: row.phone, pushName: row.pushName, lastError: row.lastError, lastCloseCode: row.lastCloseCode, pairingMode, pairingCode,
      })
    })
    await publish()
  }
}
