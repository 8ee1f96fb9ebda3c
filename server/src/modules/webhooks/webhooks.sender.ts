// One attempt at one webhook delivery: sign the stored body, POST it through the guarded client
// with a deadline, record the outcome. A non-2xx answer, a timeout or a refused address throws, so
// BullMQ retries with back-off; the last failure moves the delivery to the dead-letter list.
// An endpoint already at its concurrency limit is not called: the caller parks the job until a
// slot frees (webhooks.slots.ts). An endpoint whose attempts have failed for a day is turned off and its owner told.
import { createHmac, randomUUID } from 'node:crypto'
import type { Db } from '../../db/client.js'
import type { Clock } from '../../shared/clock.js'
import type { SecretBox } from '../../shared/crypto.js'
import type { GuardedHttp } from '../../shared/net/guarded-fetch.js'
import type { EventPublisher } from '../realtime/realtime.bus.js'
import type { EndpointSlots } from './webhooks.slots.js'
import { webhooksRepository, type DeliveryRow, type EndpointRow } from './webhooks.repository.js'
import { sealContext } from './webhooks.service.js'

/** `v1=` + hex HMAC-SHA256(secret, `${timestamp}.${body}`): what receivers recompute (docs/API.md). */
export const signature = (secret: string, timestamp: number, body: string) =>
  `v1=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`

/** While a rotated-out secret is still valid both sign: `v1=<new>,v1=<old>`; a receiver accepts either. */
export const signatures = (secrets: string[], timestamp: number, body: string) => secrets.map((s) => signature(s, timestamp, body)).join(',')

export class WebhookDeliveryFailed extends Error {
  constructor(message: string) { super(message); this.name = 'WebhookDeliveryFailed' }
}

export class WebhookSender {
  constructor(private readonly deps: {
    db: Db; clock: Clock; box: SecretBox; http: Pick<GuardedHttp, 'fetch'>; timeoutMs: number
    slots?: EndpointSlots; bus?: EventPublisher
    /** An endpoint whose attempts have all failed for this long is turned off (default a day). */
    disableAfterMs?: number
  }) {}

  /**
   * `{ busy }` when the endpoint already has its limit of deliveries in flight (nothing was sent):
   * the caller parks the job (`park`). With `endpointId` (jobs carry it) the slot is taken before
   * any database read, so deliveries queued behind a hanging receiver cost a Redis call each.
   * `holder` is the job's id, under which a parked job is handed its slot when it is woken.
   */
  async deliver(tenantId: string, deliveryId: string, endpointId?: string, holder: string = randomUUID()): Promise<'done' | { busy: string }> {
    const early = endpointId ? await this.slot(endpointId, holder) : undefined
    if (early === null) return { busy: endpointId! }
    let release = early
    try {
      const found = await webhooksRepository.deliveryWithEndpoint(this.deps.db, tenantId, deliveryId)
      if (!found || found.delivery.status !== 'pending') return 'done'
      const { delivery, endpoint } = found
      // A deleted endpoint's rows are gone by cascade; a paused one keeps its deliveries waiting.
      if (!endpoint) return 'done'
      if (!endpoint.active) throw new WebhookDeliveryFailed(endpoint.disabledAt ? 'endpoint was turned off after failing for a day' : 'endpoint is paused')
      release ??= await this.slot(endpoint.id, holder) ?? undefined
      if (!release) return { busy: endpoint.id }
      await this.attempt(endpoint, delivery)
      return 'done'
    } finally {
      await release?.().catch(() => undefined) // the slot lapses on its own
    }
  }

  /** Queues a delivery that found its endpoint full (its job already delayed) to be woken by the next free slot. */
  async park(endpointId: string, jobId: string): Promise<void> {
    await this.deps.slots?.park(endpointId, jobId)
  }

  private async slot(endpointId: string, holder: string): Promise<(() => Promise<void>) | null> {
    return this.deps.slots ? this.deps.slots.acquire(endpointId, holder) : async () => {}
  }

  private async attempt(endpoint: EndpointRow, delivery: DeliveryRow): Promise<void> {
    const tenantId = endpoint.tenantId
    const now = this.deps.clock.now()
    const secrets = [this.deps.box.open(endpoint.secretSealed, sealContext(endpoint.id))]
    if (endpoint.previousSecretSealed && endpoint.previousSecretExpiresAt && endpoint.previousSecretExpiresAt > now) {
      secrets.push(this.deps.box.open(endpoint.previousSecretSealed, sealContext(endpoint.id)))
    }
    const timestamp = Math.floor(this.deps.clock.now().getTime() / 1000)
    let statusCode: number | null = null
    let error: string | null = null
    try {
      const res = await this.deps.http.fetch(endpoint.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json', 'user-agent': 'Warta-Webhooks/1',
          'x-warta-event-id': delivery.eventId, 'x-warta-event-type': delivery.eventType, 'x-warta-delivery-id': delivery.id,
          'x-warta-timestamp': String(timestamp), 'x-warta-signature': signatures(secrets, timestamp, delivery.body),
        },
        body: delivery.body,
        redirect: 'manual',
        signal: AbortSignal.timeout(this.deps.timeoutMs),
      })
      statusCode = res.status
      // The answer body is not needed; drain it so the connection is freed.
      await res.arrayBuffer().catch(() => undefined)
      if (res.status < 200 || res.status >= 300) error = `receiver answered ${res.status}`
    } catch (err) {
      const e = err as Error
      error = e.name === 'TimeoutError' || e.name === 'AbortError' ? `no answer within ${this.deps.timeoutMs} ms` : e.message.slice(0, 300)
    }
    const at = this.deps.clock.now()
    await webhooksRepository.recordAttempt(this.deps.db, tenantId, delivery.id, { ok: error === null, statusCode, error, at })
    if (!error) {
      if (endpoint.failingSince) await webhooksRepository.clearFailing(this.deps.db, tenantId, endpoint.id)
      return
    }
    const disableBefore = new Date(at.getTime() - (this.deps.disableAfterMs ?? 86_400_000))
    const disabled = await webhooksRepository.noteFailure(this.deps.db, tenantId, endpoint.id, at, disableBefore, error)
    if (disabled) {
      await this.deps.bus?.publish(tenantId, 'webhook.disabled', { webhookId: disabled.id, url: disabled.url, reason: error, failingSince: disabled.failingSince?.toISOString() ?? null })
    }
    throw new WebhookDeliveryFailed(error)
  }

  async markFailed(tenantId: string, deliveryId: string): Promise<void> {
    await webhooksRepository.markFailed(this.deps.db, tenantId, deliveryId)
  }
}
