// Taps the realtime event bus: every event published by the inbox, the sessions, the classifier
// or follow-ups also becomes webhook deliveries for the endpoints that asked for it. The browser
// event goes out first and is never held up or failed by webhook bookkeeping.
import type { Logger } from 'pino'
import type { EventPublisher, EventType } from '../realtime/realtime.bus.js'
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

export class WebhookFanout implements EventPublisher {
  constructor(
    private readonly inner: EventPublisher,
    private readonly dispatch: (tenantId: string, type: WebhookEventType, data: unknown) => Promise<void>,
    private readonly logger: Logger,
  ) {}

  async publish<T>(tenantId: string, type: EventType, data: T): Promise<void> {
    await this.inner.publish(tenantId, type, data)
    for (const hook of webhookEventsFor(type, data)) {
      await this.dispatch(tenantId, hook, data).catch((err: unknown) => this.logger.error({ err, tenantId, event: hook }, 'could not record webhook deliveries'))
    }
  }
}
