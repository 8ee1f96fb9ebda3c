// The gateway's registry of live sessions, one per device (a tenant's linked number; a tenant has
// several, each its own lease, fence, QR and reconnect policy). It takes a device's lease before opening its socket,
// renews it while the socket lives, restores wanted sessions on start (staggered, bounded
// concurrency, no re-scan), takes over sessions whose gateway died, and closes everything cleanly
// on shutdown.
import type { Logger } from 'pino'
import type { Db } from '../../db/client.js'
import type { MediaUploadRef, NumberCheck, OutgoingMediaFile, OutgoingMessage, OutgoingText, WhatsAppPort } from '../../adapters/whatsapp/whatsapp.port.js'
import { conflict, AppError } from '../../shared/errors.js'
import type { OutboxPublisher } from '../realtime/realtime.bus.js'
import { LiveSession, type SessionHooks } from './sessions.live.js'
import type { QrStore } from './sessions.qr-store.js'
import { renewAll, type Lease, type SessionLeases } from './sessions.lease.js'
import { sessionsRepository } from './sessions.repository.js'
import type { DeviceRef, SessionControl } from './sessions.types.js'

const RESTORE_SETTLE_MS = 15_000

export interface SessionManagerDeps {
  db: Db
  port: WhatsAppPort
  leases: SessionLeases
  bus: OutboxPublisher
  qrStore: QrStore
  hooks: SessionHooks
  logger: Logger
  watchdogMs: number
  restoreConcurrency: number
  /** How often to look for wanted sessions nobody holds (a dead gateway's). 0 = never. */
  takeoverIntervalMs: number
}

const notOwned = () => new AppError('device.not_owned', 'This gateway does not hold the session.', 409)

export class SessionManager implements SessionControl {
  /** Live sessions by device id. */
  private readonly sessions = new Map<string, LiveSession>()
  private renewTimer: NodeJS.Timeout | undefined
  private takeoverTimer: NodeJS.Timeout | undefined
  private stopping = false
  private renewing = false
  /** The restore pass started by `start` (tests and `stop` may wait for it). */
  restoring: Promise<void> = Promise.resolve()
  /** How long the last restore pass took to open every wanted session (undefined while it runs). */
  lastRestoreMs: number | undefined

  constructor(private readonly deps: SessionManagerDeps) {}

  /** Starts lease renewal and takeover, and restores every session that should be connected. */
  async start(): Promise<void> {
    const every = Math.max(200, Math.floor(this.deps.leases.ttlMs / 3))
    this.renewTimer = setInterval(() => void this.renewLeases(), every)
    this.renewTimer.unref()
    // Restoring runs on after start returns: staggered, hundreds of numbers take minutes, and the
    // API, the dashboard and /readyz must answer meanwhile (before, the process listened only once
    // every session was back). The time the pass took is kept for /metrics.
    const began = Date.now()
    this.restoring = this.restoreWanted()
      .then(() => { this.lastRestoreMs = Date.now() - began })
      .catch((err) => this.deps.logger.error({ err }, 'restoring sessions failed'))
    if (this.deps.takeoverIntervalMs > 0) {
      this.takeoverTimer = setInterval(() => void this.restoreWanted().catch((err) => this.deps.logger.error({ err }, 'takeover scan failed')), this.deps.takeoverIntervalMs)
      this.takeoverTimer.unref()
    }
  }

  owns(deviceId: string): boolean { return this.sessions.has(deviceId) }
  /** True when a session of this tenant (any of its numbers) is live here. */
  ownsTenant(tenantId: string): boolean { return [...this.sessions.values()].some((s) => s.tenantId === tenantId) }
  ownedDevices(): DeviceRef[] { return [...this.sessions.values()].map((s) => s.device) }
  isConnected(deviceId: string): boolean { return this.sessions.get(deviceId)?.isConnected ?? false }

  async connect(device: DeviceRef): Promise<void> {
    const live = this.sessions.get(device.deviceId)
    if (live) {
      if (live.currentState === 'connected') throw conflict('device.already_connected', 'WhatsApp is already connected.')
      // Waiting for a code the owner no longer wants to type: show a QR instead.
      if (live.inCodeMode) await live.showQr()
      return // already connecting or showing a QR: the caller gets the current QR from status
    }
    await sessionsRepository.upsert(this.deps.db, device, { wanted: true, lastError: null })
    if (!(await this.startSession(device))) throw new AppError('device.busy', 'Another gateway is handling this WhatsApp session.', 409)
  }

  async requestPairingCode(device: DeviceRef, phoneNumber: string): Promise<string> {
    let live = this.sessions.get(device.deviceId)
    if (live?.currentState === 'connected') throw conflict('device.already_connected', 'WhatsApp is already connected.')
    if (!live) {
      await sessionsRepository.upsert(this.deps.db, device, { wanted: true, lastError: null })
      // The session starts in code mode at once (no socket first, then a second one for the code).
      if (!(await this.startSession(device, { pairingPhone: phoneNumber }))) throw new AppError('device.busy', 'Another gateway is handling this WhatsApp session.', 409)
      live = this.sessions.get(device.deviceId)!
    }
    return live.requestPairingCode(phoneNumber)
  }

  async disconnect(device: DeviceRef): Promise<void> {
    const live = this.sessions.get(device.deviceId)
    if (!live) {
      const row = await sessionsRepository.get(this.deps.db, device)
      if (!row || !['connected', 'connecting', 'qr'].includes(row.state)) throw conflict('device.not_connected', 'WhatsApp is not connected.')
      await sessionsRepository.setState(this.deps.db, device, 'disconnected', { wanted: false })
      return
    }
    this.sessions.delete(device.deviceId)
    await live.stop('disconnect')
    await this.deps.leases.release(live.lease)
  }

  async logout(device: DeviceRef): Promise<void> {
    const live = this.sessions.get(device.deviceId)
    if (!live && !(await this.deps.port.hasCredentials(device.deviceId))) throw conflict('device.not_paired', 'No WhatsApp device is linked.')
    if (live) {
      this.sessions.delete(device.deviceId)
      await live.stop('logout')
      await this.deps.leases.release(live.lease)
      return
    }
    // Not live here: unlink offline by wiping; the phone drops the device on its next check.
    await this.deps.port.wipeCredentials(device.deviceId)
    await sessionsRepository.setState(this.deps.db, device, 'logged_out', { wanted: false, jid: null, lid: null, phone: null, pushName: null })
  }

  /**
   * Shows the shop typing for `ms`, then stopping. Cosmetic: a failure here never holds up the
   * send that follows (the send reports its own failure).
   */
  async showTyping(deviceId: string, toJid: string, ms: number): Promise<void> {
    const live = this.sessions.get(deviceId)
    if (!live) return
    try {
      await live.sendChatState(toJid, 'composing')
      await new Promise((resolve) => setTimeout(resolve, ms))
      await live.sendChatState(toJid, 'paused')
    } catch { /* the send decides */ }
  }

  async sendText(deviceId: string, msg: OutgoingText): Promise<{ waId: string }> {
    const live = this.sessions.get(deviceId)
    if (!live) throw notOwned()
    return live.sendText(msg)
  }

  async uploadMedia(deviceId: string, file: OutgoingMediaFile): Promise<MediaUploadRef> {
    const live = this.sessions.get(deviceId)
    if (!live) throw notOwned()
    return live.uploadMedia(file)
  }

  async send(deviceId: string, msg: OutgoingMessage): Promise<{ waId: string }> {
    const live = this.sessions.get(deviceId)
    if (!live) throw notOwned()
    return live.send(msg)
  }

  /** Asked through a connected number of the tenant held here (any: the answer is the same). */
  async checkNumbers(tenantId: string, phones: string[]): Promise<NumberCheck[]> {
    const live = [...this.sessions.values()].find((s) => s.tenantId === tenantId && s.isConnected)
    if (!live) throw new AppError('device.not_connected', 'WhatsApp is not connected. Link the device first.', 409)
    return live.checkNumbers(phones)
  }

  /** SIGTERM: close every socket cleanly (flushing key writes) and hand the leases back. */
  async stop(): Promise<void> {
    this.stopping = true
    clearInterval(this.renewTimer)
    clearInterval(this.takeoverTimer)
    const all = [...this.sessions.values()]
    this.sessions.clear()
    await Promise.all(all.map(async (s) => {
      await s.stop('shutdown').catch((err) => this.deps.logger.warn({ err, tenantId: s.tenantId, deviceId: s.deviceId }, 'closing session failed'))
      await this.deps.leases.release(s.lease).catch(() => {})
    }))
  }

  private async startSession(device: DeviceRef, opts: { pairingPhone?: string } = {}): Promise<boolean> {
    const { deviceId } = device
    if (this.stopping || this.sessions.has(deviceId)) return this.sessions.has(deviceId)
    const lease = await this.deps.leases.acquire(device)
    if (!lease) return false
    await sessionsRepository.raiseFence(this.deps.db, device, lease.fence)
    const session = new LiveSession({ tenantId: device.tenantId, deviceId }, lease, {
      db: this.deps.db, port: this.deps.port, bus: this.deps.bus, qrStore: this.deps.qrStore, hooks: this.deps.hooks,
      logger: this.deps.logger.child({ tenantId: device.tenantId, deviceId }), watchdogMs: this.deps.watchdogMs,
      onStopped: (id) => this.forget(id, lease),
    })
    this.sessions.set(deviceId, session)
    // In code mode the session opens no socket until the code is asked for (next line of the caller).
    if (!opts.pairingPhone) await session.start()
    // A restore still under way when the process began to stop: `stop` has closed what it saw
    // already; this one arrived after, so it closes itself.
    if (this.stopping && this.sessions.get(deviceId) === session) {
      this.sessions.delete(deviceId)
      await session.stop('shutdown').catch(() => {})
      await this.deps.leases.release(lease).catch(() => {})
      return false
    }
    return true
  }

  private forget(deviceId: string, lease: Lease): void {
    if (this.sessions.get(deviceId)?.lease === lease) this.sessions.delete(deviceId)
    void this.deps.leases.release(lease).catch(() => {})
  }

  private async renewLeases(): Promise<void> {
    // One pass at a time (a slow pass must not pile up behind the timer); every lease at once.
    if (this.renewing) return
    this.renewing = true
    try {
      const lost = await renewAll([...this.sessions.values()], (lease) => this.deps.leases.renew(lease))
      await Promise.all(lost.map(async (session) => {
        if (this.sessions.get(session.deviceId) !== session) return
        // Someone else holds it now (we stalled past the TTL): let go without touching state.
        this.deps.logger.warn({ tenantId: session.tenantId, deviceId: session.deviceId }, 'lost the session lease; closing our socket')
        this.sessions.delete(session.deviceId)
        await session.stop('lease-lost')
      }))
    } finally {
      this.renewing = false
    }
  }

  /** Opens wanted, paired sessions nobody holds: on start (restore) and periodically (takeover). */
  private async restoreWanted(): Promise<void> {
    if (this.stopping) return
    const wanted = (await sessionsRepository.listWanted(this.deps.db)).filter((d) => !this.sessions.has(d.deviceId))
    // Only paired devices come back by themselves; an unscanned QR needs the owner again.
    const paired = await Promise.all(wanted.map((d) => this.deps.port.hasCredentials(d.deviceId)))
    const candidates = wanted.filter((_, i) => paired[i])
    let next = 0
    const worker = async () => {
      while (next < candidates.length && !this.stopping) {
        const device = candidates[next++]!
        await this.startSession(device).catch((err) => this.deps.logger.error({ err, ...device }, 'restoring session failed'))
        // Stagger: the next restore starts when this one is up (or after a bound), so a restart
        // never opens hundreds of handshakes at once.
        await this.sessions.get(device.deviceId)?.whenSettled(RESTORE_SETTLE_MS)
      }
    }
    await Promise.all(Array.from({ length: Math.min(this.deps.restoreConcurrency, candidates.length) }, worker))
  }
}
