// Sends pending outgoing messages for the tenants whose sessions this gateway holds, one tenant at
// a time in creation order (so each chat keeps its order). Each chat belongs to one of the
// tenant's numbers (devices) and its messages leave from that number's socket only. A message is marked sent only after
// WhatsApp took it; a crash in between re-sends it with the same WhatsApp id, so the customer sees
// it once. An api-only process wakes the owning gateway through Redis (`notify`).
import type { Redis } from 'ioredis'
import type { Logger } from 'pino'
import type { Db, DbOrTx } from '../../db/client.js'
import type { OutgoingMessage, OutgoingText } from '../../adapters/whatsapp/whatsapp.port.js'
import type { OutboxPublisher, PublishAfterCommit } from '../realtime/realtime.bus.js'
import { SerialQueue } from '../../shared/serial-queue.js'
import { systemClock, type Clock } from '../../shared/clock.js'
import { inboxRepository } from './inbox.repository.js'
import type { MessageRow } from './inbox.dto.js'
import { REPLY_WINDOW_MS, type SendPacer } from './inbox.pacing.js'
import { stageStatus } from './inbox.status-events.js'

const MAX_ATTEMPTS = 5

/** Message types whose row has a file in the media module. */
const MEDIA_TYPES = new Set(['image', 'video', 'audio', 'document', 'sticker'])

/** One pending message as the gateway sends it. */
export interface OutboxItem extends OutgoingText {
  /** Our row id: the media module finds the message's file by it. */
  rowId: string
  hasMedia: boolean
  location?: { latitude: number; longitude: number; name: string | null; address: string | null }
  quoted?: { waId: string; fromMe: boolean; text: string | null }
}

export function outboxItem(m: MessageRow): OutboxItem {
  return {
    toJid: m.chatJid, text: m.body ?? '', messageId: m.waId, rowId: m.id, hasMedia: MEDIA_TYPES.has(m.type),
    ...(m.details?.location ? { location: m.details.location } : {}),
    ...(m.quoted ? { quoted: { waId: m.quoted.waId, fromMe: m.quoted.fromMe, text: m.quoted.body } } : {}),
  }
}

/**
 * What the gateway hands WhatsApp for an outbox item, with its media part (if any): the first
 * send and a re-send for a retry request both go through here, so they carry the same message.
 */
export function toOutgoingMessage(msg: OutboxItem, media?: OutgoingMessage['media']): OutgoingMessage {
  return {
    toJid: msg.toJid, messageId: msg.messageId, text: msg.text || null,
    ...(media ? { media } : {}), ...(msg.location ? { location: msg.location } : {}), ...(msg.quoted ? { quoted: msg.quoted } : {}),
  }
}

export interface OutboxDrainerDeps {
  db: Db
  bus: OutboxPublisher
  logger: Logger
  /** Sends through the live socket of the chat's number; throws when this gateway cannot send for it now. */
  send(tenantId: string, deviceId: string, msg: OutboxItem): Promise<void>
  /** Devices (numbers) connected in this process (default: every device with pending mail). */
  ownedConnected?(): Array<{ tenantId: string; deviceId: string }>
  /** Attempts before a message is marked failed (default 5). */
  maxAttempts?: number
  /** Paces messages that are not replies within 24 h (none: everything goes at once). */
  pacer?: Pick<SendPacer, 'isReply' | 'take'>
  /** Judges the 24-hour reply window (default: the system clock). */
  clock?: Clock
}

export const outboxChannel = (prefix: string) => `${prefix}:outbox`

export class OutboxDrainer {
  private readonly queues = new Map<string, SerialQueue>()
  private readonly again = new Set<string>()
  private sweepTimer: NodeJS.Timeout | undefined
  /** Per tenant: the wake-up for when the pacer lets the next held message go. */
  private readonly wakeUps = new Map<string, { at: number; timer: NodeJS.Timeout }>()

  constructor(private readonly deps: OutboxDrainerDeps) {}

  /** Listens for wake-ups and sweeps every few seconds in case one was missed. */
  async start(sub: Redis, prefix: string, sweepMs = 5000): Promise<void> {
    sub.on('message', (_c: string, tenantId: string) => { if (this.owns(tenantId)) void this.kick(tenantId) })
    await sub.subscribe(outboxChannel(prefix))
    this.sweepTimer = setInterval(() => void this.sweep(), sweepMs)
    this.sweepTimer.unref()
  }

  stop(): void {
    clearInterval(this.sweepTimer)
    for (const w of this.wakeUps.values()) clearTimeout(w.timer)
    this.wakeUps.clear()
  }

  private wakeUpIn(tenantId: string, ms: number): void {
    const at = Date.now() + ms
    const existing = this.wakeUps.get(tenantId)
    if (existing && existing.at <= at) return
    if (existing) clearTimeout(existing.timer)
    const timer = setTimeout(() => { this.wakeUps.delete(tenantId); void this.kick(tenantId) }, ms)
    timer.unref()
    this.wakeUps.set(tenantId, { at, timer })
  }

  private owns(tenantId: string): boolean { return !this.deps.ownedConnected || this.deps.ownedConnected().some((d) => d.tenantId === tenantId) }

  /** The tenant's numbers this process sends for (undefined: all of them). */
  private devicesOf(tenantId: string): string[] | undefined {
    return this.deps.ownedConnected?.().filter((d) => d.tenantId === tenantId).map((d) => d.deviceId)
  }

  /** Kicks every tenant of ours that has pending messages; resolves when they are drained. */
  async sweep(): Promise<void> {
    const owned = this.deps.ownedConnected?.().map((d) => d.tenantId)
    const tenants = await inboxRepository.tenantsWithPendingOutbox(this.deps.db, owned ? [...new Set(owned)] : undefined).catch(() => [])
    await Promise.all(tenants.map((t) => this.kick(t)))
  }

  /** Drains a tenant's outbox; concurrent kicks collapse into one more pass. */
  kick(tenantId: string): Promise<void> {
    let q = this.queues.get(tenantId)
    if (!q) { q = new SerialQueue(); this.queues.set(tenantId, q) }
    if (this.again.has(tenantId)) return q.idle()
    this.again.add(tenantId)
    return q.run(async () => {
      this.again.delete(tenantId)
      await this.drain(tenantId).catch((err) => this.deps.logger.warn({ err, tenantId }, 'outbox drain stopped'))
    })
  }

  private async drain(tenantId: string): Promise<void> {
    const maxAttempts = this.deps.maxAttempts ?? MAX_ATTEMPTS
    const pacer = this.deps.pacer
    for (;;) {
      const devices = this.devicesOf(tenantId)
      if (devices && !devices.length) return
      const now = (this.deps.clock ?? systemClock).now().getTime()
      const batch = await inboxRepository.pendingOutboxLanes(this.deps.db, tenantId, new Date(now - REPLY_WINDOW_MS), 20, devices)
      // A chat whose message the pacer held keeps its later messages behind it.
      const held = new Set<string>()
      let progressed = false
      for (const { message: m, lastCustomerMessageAt, deviceId } of batch) {
        if (held.has(m.conversationId)) continue
        if (pacer && !pacer.isReply(lastCustomerMessageAt)) {
          const wait = await pacer.take(deviceId, lastCustomerMessageAt === null)
          if (wait > 0) {
            held.add(m.conversationId)
            this.wakeUpIn(tenantId, wait)
            continue
          }
        }
        progressed = true
        try {
          await this.deps.send(tenantId, deviceId, outboxItem(m))
        } catch (err) {
          const attempts = m.attempts + 1
          const failed = attempts >= maxAttempts
          const error = (err as Error).message.slice(0, 500)
          await this.changeStatus(tenantId, (tx) => inboxRepository.recordSendFailure(tx, tenantId, m.id, attempts, error, failed), failed)
          if (!failed) return // keep the chat's order: try again (this one first) on the next kick
          continue
        }
        await this.changeStatus(tenantId, (tx) => inboxRepository.markSent(tx, tenantId, m.id))
      }
      if (!progressed) return
    }
  }

  /** A status change and, when `announce`, its `message.status` event, in one transaction. */
  private async changeStatus(tenantId: string, change: (tx: DbOrTx) => Promise<MessageRow | undefined>, announce = true): Promise<void> {
    const after = await this.deps.db.transaction(async (tx): Promise<PublishAfterCommit | undefined> => {
      const row = await change(tx)
      return row && announce ? stageStatus(tx, this.deps.bus, tenantId, row) : undefined
    })
    await after?.()
  }
}
