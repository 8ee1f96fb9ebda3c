// Taps the realtime event bus: every event published by the inbox, the sessions, the classifier
// or follow-ups also becomes webhook deliveries for the endpoints that asked for it. An event that
// reports a database change is staged in the change's transaction (the transactional outbox: the
// webhook event row commits with the change, is dispatched after the commit, and the sweep
// dispatches it if the process died in between); the browser event goes out after the commit
// and is never held up or failed by webhook bookkeeping.
import type { Logger } from 'pino'
import type { DbOrTx } from '../../db/client.js'
import type { EventPublisher, EventType, OutboxPublisher, PublishAfterCommit } from '../realtime/realtime.bus.js'
import type { WebhooksService } from './webhooks.service.js'
import type { WebhookEventType } from './webhooks.schemas.js'

/**
 * Which webhook events a realtime event means. A customer's `message.created` is none here: its
 * `message.received` is written by the inbox in the transaction that stores the message (the
 * outbox, WebhooksService.record), so it is never lost after the commit; an outgoing one is not an
 * event yet.
 */
export function webhookEventsFor(type: EventType, data: unknown): WebhookEventType[] {
  const d = data as { status?: string }
  switch (type) {
    case 'message.created': return []
    case 'message.status': return d.status === 'sent' ? ['message.status', 'message.sent'] : ['message.status']
    case 'session.state': case 'insight.created': case 'followup.scheduled': case 'followup.sent': case 'followup.cancelled': return [type]
    default: return []
  }
}

/** The webhooks service as the fan-out uses it. */
export type WebhookOutbox = Pick<WebhooksService, 'dispatch' | 'record' | 'dispatchRecorded'>

export class WebhookFanout implements OutboxPublisher {
  constructor(
    private readonly inner: EventPublisher,
    private readonly outbox: WebhookOutbox,
    private readonly logger: Logger,
  ) {}

  /** For an event with no transaction behind it: its deliveries are recorded now, best effort. */
  async publish<T>(tenantId: string, type: EventType, data: T): Promise<void> {
    await this.inner.publish(tenantId, type, data)
    for (const hook of webhookEventsFor(type, data)) {
      await this.outbox.dispatch(tenantId, hook, data).catch((err: unknown) => this.logger.error({ err, tenantId, event: hook }, 'could not record webhook deliveries'))
    }
  }

  /**
   * Records the webhook events inside `tx`; a failure here fails the transaction, as the change
   * must not commit without its event. After the commit: the live update, then the deliveries.
   */
  async stage<T>(tx: DbOrTx, tenantId: string, type: EventType, data: T): Promise<PublishAfterCommit> {
    const ids: string[] = []
    for (const hook of webhookEventsFor(type, data)) {
      const id = await this.outbox.record(tx, tenantId, hook, data)
      if (id) ids.push(id)
    }
    return async () => {
      await this.inner.publish(tenantId, type, data)
      if (!ids.length) return
      // Recorded already: a failure here only leaves the events to the sweep.
      await this.outbox.dispatchRecorded(tenantId, ids).catch((err: unknown) => this.logger.warn({ err, tenantId, event: type }, 'webhook events left to the sweep'))
    }
  }
}
