// Realtime events fan out through Redis pub/sub, so a browser connected to any API node sees
// events produced by any gateway or worker. One channel per tenant keeps tenants apart by design.
import type { Redis } from 'ioredis'
import type { DbOrTx } from '../../db/client.js'
import { signal } from '../../infra/redis-signal.js'

export type EventType =
  | 'session.qr' | 'session.state'
  | 'message.created' | 'message.status' | 'message.updated' | 'insight.created' | 'conversation.updated' | 'conversation.deleted'
  | 'followup.scheduled' | 'followup.sent' | 'followup.cancelled'
  | 'labels.changed'
  | 'suggestion.created' | 'conversation.waiting' | 'ai_config.updated'
  | 'webhook.disabled'
  | 'knowledge.updated'
  | 'conversation.assigned' | 'note.created' | 'presence.changed'

export interface WartaEvent<T = unknown> {
  type: EventType
  tenantId: string
  at: string
  data: T
}

export interface EventPublisher {
  publish<T>(tenantId: string, type: EventType, data: T): Promise<void>
}

/** What to run once the transaction that staged an event committed. */
export type PublishAfterCommit = () => Promise<void>

/**
 * A publisher for events that report a change in the database: `stage` writes whatever must not
 * be lost (the integrators' webhook event, see webhooks.fanout.ts) inside the caller's transaction
 * `tx`, so it commits with the change or not at all, and returns the publish to run after the
 * commit. A crash in between loses only the live update; the webhook sweep still delivers.
 */
export interface OutboxPublisher extends EventPublisher {
  stage<T>(tx: DbOrTx, tenantId: string, type: EventType, data: T): Promise<PublishAfterCommit>
}

export type EventListener = (event: WartaEvent) => void

export class RedisEventBus implements OutboxPublisher {
  private readonly listeners = new Map<string, Set<EventListener>>()
  private subscribed = new Set<string>()

  constructor(private readonly pub: Redis, private readonly sub: Redis, private readonly prefix: string) {
    this.sub.on('message', (channel: string, raw: string) => {
      const tenantId = channel.slice(this.channel('').length)
      const set = this.listeners.get(tenantId)
      if (!set) return
      let event: WartaEvent
      try { event = JSON.parse(raw) as WartaEvent } catch { return }
      if (event.tenantId !== tenantId) return
      for (const listener of set) listener(event)
    })
  }

  private channel(tenantId: string) { return `${this.prefix}:events:${tenantId}` }

  async publish<T>(tenantId: string, type: EventType, data: T): Promise<void> {
    const event: WartaEvent<T> = { type, tenantId, at: new Date().toISOString(), data }
    // A live update only; while Redis is away nobody could receive it, so nobody waits for it.
    await signal(this.pub, () => this.pub.publish(this.channel(tenantId), JSON.stringify(event)))
  }

  /** The bus alone keeps nothing durable: the live update simply waits for the commit. */
  async stage<T>(_tx: DbOrTx, tenantId: string, type: EventType, data: T): Promise<PublishAfterCommit> {
    return () => this.publish(tenantId, type, data)
  }

  /** Listens to one tenant's events; returns the unsubscribe function. */
  async subscribe(tenantId: string, listener: EventListener): Promise<() => Promise<void>> {
    let set = this.listeners.get(tenantId)
    if (!set) { set = new Set(); this.listeners.set(tenantId, set) }
    set.add(listener)
    if (!this.subscribed.has(tenantId)) {
      this.subscribed.add(tenantId)
      await this.sub.subscribe(this.channel(tenantId))
    }
    return async () => {
      set.delete(listener)
      if (set.size === 0) {
        this.listeners.delete(tenantId)
        this.subscribed.delete(tenantId)
        await this.sub.unsubscribe(this.channel(tenantId))
      }
    }
  }

  async close(): Promise<void> {
    this.sub.disconnect()
    this.pub.disconnect()
  }
}
