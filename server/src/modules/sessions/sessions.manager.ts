// The gateway's registry of live sessions. It takes a tenant's lease before opening its socket,
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
import type { Lease, SessionLeases } from './sessions.lease.js'
import { sessionsRepository } from './sessions.repository.js'
import type { SessionControl } from './sessions.types.js'

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

export class SessionManager implements SessionControl {
  private readonly sessions = new Map<string, LiveSession>()
  private renewTimer: NodeJS.Timeout | undefined
  private takeoverTimer: NodeJS.Timeout | undefined
  private stopping = false

  constructor(private readonly deps: SessionManagerDeps) {}

  /** Starts lease renewal and takeover, and restores every session that should be connected. */
  async start(): Promise<void> {
    const every = Math.max(200, Math.floor(this.deps.leases.ttlMs / 3))
    this.renewTimer = setInterval(() => void this.renewLeases(), every)
    this.renewTimer.unref()
    await this.restoreWanted()
    if (this.deps.takeoverIntervalMs > 0) {
      this.takeoverTimer = setInterval(() => void this.restoreWanted().catch((err) => this.deps.logger.error({ err }, 'takeover scan failed')), this.deps.takeoverIntervalMs)
      this.takeoverTimer.unref()
    }
  }

  owns(tenantId: string): boolean { return this.sessions.has(tenantId) }
  ownedTenants(): string[] { return [...this.sessions.keys()] }
  isConnected(tenantId: string): boolean { return this.sessions.get(tenantId)?.isConnected ?? false }

  async connect(tenantId: string): Promise<void> {
    const live = this.sessions.get(tenantId)
    if (live) {
      if (live.currentState === 'connected') throw conflict('device.already_connected', 'WhatsApp is already connected.')
      // Waiting for a code the owner no longer wants to type: show a QR instead.
      if (live.inCodeMode) await live.showQr()
      return // already connecting or showing a QR: the caller gets the current QR from status
    }
    await sessionsRepository.upsert(this.deps.db, tenantId, { wanted: true, lastError: null })
    if (!(await this.startSession(tenantId))) throw new AppError('device.busy', 'Another gateway is handling this WhatsApp session.', 409)
  }

  async requestPairingCode(tenantId: string, phoneNumber: string): Promise<string> {
    let live = this.sessions.get(tenantId)
    if (live?.currentState === 'connected') throw conflict('device.already_connected', 'WhatsApp is already connected.')
    if (!live) {
      await sessionsRepository.upsert(this.deps.db, tenantId, { wanted: true, lastError: null })
      // The session starts in code mode at once (no socket first, then a second one for the code).
      if (!(await this.startSession(tenantId, { pairingPhone: phoneNumber }))) throw new AppError('device.busy', 'Another gateway is handling this WhatsApp session.', 409)
      live = this.sessions.get(tenantId)!
    }
    return live.requestPairingCode(phoneNumber)
  }

  async disconnect(tenantId: string): Promise<void> {
    const live = this.sessions.get(tenantId)
    if (!live) {
      const row = await sessionsRepository.get(this.deps.db, tenantId)
      if (!row || !['connected', 'connecting', 'qr'].includes(row.state)) throw conflict('device.not_connected', 'WhatsApp is not connected.')
      await sessionsRepository.setState(this.deps.db, tenantId, 'disconnected', { wanted: false })
      return
    }
    this.sessions.delete(tenantId)
    await live.stop('disconnect')
    await this.deps.leases.release(live.lease)
  }

  async logout(tenantId: string): Promise<void> {
    const live = this.sessions.get(tenantId)
    if (!live && !(await this.deps.port.hasCredentials(tenantId))) throw conflict('device.not_paired', 'No WhatsApp device is linked.')
    if (live) {
      this.sessions.delete(tenantId)
      await live.stop('logout')
      await this.deps.leases.release(live.lease)
      return
    }
    // Not live here: unlink offline by wiping; the phone drops the device on its next check.
    await this.deps.port.wipeCredentials(tenantId)
    await sessionsRepository.setState(this.deps.db, tenantId, 'logged_out', { wanted: false, jid: null, lid: null, phone: null, pushName: null })
  }

  /**
   * Shows the shop typing for `ms`, then stopping. Cosmetic: a failure here never holds up the
   * send that follows (the send reports its own failure).
   */
  async showTyping(tenantId: string, toJid: string, ms: number): Promise<void> {
    const live = this.sessions.get(tenantId)
    if (!live) return
    try {
      await live.sendChatState(toJid, 'composing')
      await new Promise((resolve) => setTimeout(resolve, ms))
      await live.sendChatState(toJid, 'paused')
    } catch { /* the send decides */ }
  }

  async sendText(tenantId: string, msg: OutgoingText): Promise<{ waId: string }> {
    const live = this.sessions.get(tenantId)
    if (!live) throw new AppError('device.not_owned', 'This gateway does not hold the session.', 409)
    return live.sendText(msg)
  }

  async uploadMedia(tenantId: string, file: OutgoingMediaFile): Promise<MediaUploadRef> {
    const live = this.sessions.get(tenantId)
    if (!live) throw new AppError('device.not_owned', 'This gateway does not hold the session.', 409)
    return live.uploadMedia(file)
  }

  async send(tenantId: string, msg: OutgoingMessage): Promise<{ waId: string }> {
    const live = this.sessions.get(tenantId)
    if (!live) throw new AppError('device.not_owned', 'This gateway does not hold the session.', 409)
    return live.send(msg)
  }

  async checkNumbers(tenantId: string, phones: string[]): Promise<NumberCheck[]> {
    const live = this.sessions.get(tenantId)
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
      await s.stop('shutdown').catch((err) => this.deps.logger.warn({ err, tenantId: s.tenantId }, 'closing session failed'))
      await this.deps.leases.release(s.lease).catch(() => {})
    }))
  }

  private async startSession(tenantId: string, opts: { pairingPhone?: string } = {}): Promise<boolean> {
    if (this.stopping || this.sessions.has(tenantId)) return this.sessions.has(tenantId)
    const lease = await this.deps.leases.acquire(tenantId)
    if (!lease) return false
    await sessionsRepository.raiseFence(this.deps.db, tenantId, lease.fence)
    const session = new LiveSession(tenantId, lease, {
      db: this.deps.db, port: this.deps.port, bus: this.deps.bus, qrStore: this.deps.qrStore, hooks: this.deps.hooks,
      logger: this.deps.logger.child({ tenantId }), watchdogMs: this.deps.watchdogMs,
      onStopped: (id) => this.forget(id, lease),
    })
    this.sessions.set(tenantId, session)
    // In code mode the session opens no socket until the code is asked for (next line of the caller).
    if (!opts.pairingPhone) await session.start()
    return true
  }

  private forget(tenantId: string, lease: Lease): void {
    if (this.sessions.get(tenantId)?.lease === lease) this.sessions.delete(tenantId)
    void this.deps.leases.release(lease).catch(() => {})
  }

  private async renewLeases(): Promise<void> {
    for (const session of [...this.sessions.values()]) {
      const ok = await this.deps.leases.renew(session.lease).catch(() => false)
      if (ok) continue
      // Someone else holds it now (we stalled past the TTL): let go without touching state.
      this.deps.logger.warn({ tenantId: session.tenantId }, 'lost the session lease; closing our socket')
      this.sessions.delete(session.tenantId)
      await session.stop('lease-lost')
    }
  }

  /** Opens wanted, paired sessions nobody holds: on start (restore) and periodically (takeover). */
  private async restoreWanted(): Promise<void> {
    if (this.stopping) return
    const wanted = (await sessionsRepository.listWanted(this.deps.db)).filter((t) => !this.sessions.has(t))
    // Only paired devices come back by themselves; an unscanned QR needs the owner again.
    const paired = await Promise.all(wanted.map((t) => this.deps.port.hasCredentials(t)))
    const candidates = wanted.filter((_, i) => paired[i])
    let next = 0
    const worker = async () => {
      while (next < candidates.length && !this.stopping) {
        const tenantId = candidates[next++]!
        await this.startSession(tenantId).catch((err) => this.deps.logger.error({ err, tenantId }, 'restoring session failed'))
        // Stagger: the next restore starts when this one is up (or after a bound), so a restart
        // never opens hundreds of handshakes at once.
        await this.sessions.get(tenantId)?.whenSettled(RESTORE_SETTLE_MS)
      }
    }
    await Promise.all(Array.from({ length: Math.min(this.deps.restoreConcurrency, candidates.length) }, worker))
  }
}
