// Webhooks: per-tenant endpoints (URL, event types, secret, active) and their deliveries. Each
// event for each subscribed endpoint becomes a delivery row first and a BullMQ job second (the
// sweep re-queues a row whose job was lost), so a delivery survives restarts and is retried with
// back-off until it succeeds or lands in the dead-letter list, from where it can be redelivered.
// Adding, changing, deleting an endpoint and rotating its secret write their audit entry in the
// change's transaction (ids only: never the URL's secrets or the signing secret).
import { randomBytes } from 'node:crypto'
import type { Db, DbOrTx } from '../../db/client.js'
import type { Actor } from '../../shared/actor.js'
import type { Clock } from '../../shared/clock.js'
import type { SecretBox } from '../../shared/crypto.js'
import { newId } from '../../shared/ids.js'
import type { GuardedHttp } from '../../shared/net/guarded-fetch.js'
import type { JobQueues } from '../../queue/job-runtime.js'
import { webhooksRepository, type DeliveryRow, type EndpointRow, type EventRow } from './webhooks.repository.js'
import { subscribes, type CreateWebhook, type UpdateWebhook, type WebhookEventType } from './webhooks.schemas.js'
import type { AuditService } from '../audit/audit.service.js'
import { deliveryNotFound, notDeadLetter, urlForbidden, webhookInactive, webhookNotFound } from './webhooks.errors.js'

export interface WebhookDto {
  id: string; url: string; events: string[]; active: boolean; description: string | null; createdAt: string; updatedAt: string
  /** Set when Warta turned the endpoint off after a day of failures (cleared by turning it on). */
  disabledAt: string | null; disabledReason: string | null
  /** Failed attempts since this time with no success in between. */
  failingSince: string | null
  /** Until this time deliveries carry a second signature made with the rotated-out secret. */
  previousSecretValidUntil: string | null
}
export interface DeliveryDto {
  id: string; endpointId: string; eventId: string; eventType: string; status: DeliveryRow['status']; attempts: number
  lastStatusCode: number | null; lastError: string | null; lastAttemptAt: string | null; deliveredAt: string | null; createdAt: string
}

const toDto = (r: EndpointRow, now: Date): WebhookDto => ({
  id: r.id, url: r.url, events: r.events, active: r.active, description: r.description, createdAt: r.createdAt.toISOString(), updatedAt: r.updatedAt.toISOString(),
  disabledAt: r.disabledAt?.toISOString() ?? null, disabledReason: r.disabledReason, failingSince: r.failingSince?.toISOString() ?? null,
  previousSecretValidUntil: r.previousSecretSealed && r.previousSecretExpiresAt && r.previousSecretExpiresAt > now ? r.previousSecretExpiresAt.toISOString() : null,
})

const newSecret = () => `whsec_${randomBytes(32).toString('base64url')}`
const toDeliveryDto = (d: DeliveryRow): DeliveryDto => ({
  id: d.id, endpointId: d.endpointId, eventId: d.eventId, eventType: d.eventType, status: d.status, attempts: d.attempts,
  lastStatusCode: d.lastStatusCode, lastError: d.lastError, lastAttemptAt: d.lastAttemptAt?.toISOString() ?? null,
  deliveredAt: d.deliveredAt?.toISOString() ?? null, createdAt: d.createdAt.toISOString(),
})
export const sealContext = (endpointId: string) => `webhook:${endpointId}`

export interface WebhooksDeps {
  db: Db
  clock: Clock
  box: SecretBox
  http: Pick<GuardedHttp, 'checkUrl'>
  jobs: Pick<JobQueues, 'add'>
  retry: { maxAttempts: number; baseMs: number }
  audit: Pick<AuditService, 'record'>
}

export class WebhooksService {
  constructor(private readonly deps: WebhooksDeps) {}

  private async vetUrl(url: string): Promise<void> {
    try { await this.deps.http.checkUrl(url) } catch (err) { throw urlForbidden((err as Error).message) }
  }

  /** The secret is returned once; afterwards only the signatures show it was used. */
  async create(tenantId: string, input: CreateWebhook, by: Actor): Promise<{ webhook: WebhookDto; secret: string }> {
    await this.vetUrl(input.url)
    const id = newId()
    const secret = newSecret()
    const row = await this.deps.db.transaction(async (tx) => {
      const inserted = await webhooksRepository.insertEndpoint(tx, {
        id, tenantId, url: input.url, events: input.events, secretSealed: this.deps.box.seal(secret, sealContext(id)),
        active: input.active ?? true, description: input.description ?? null,
      })
      await this.audited(tx, tenantId, by, 'webhook.created', id)
      return inserted
    })
    return { webhook: toDto(row, this.deps.clock.now()), secret }
  }

  async list(tenantId: string): Promise<WebhookDto[]> {
    return (await webhooksRepository.listEndpoints(this.deps.db, tenantId)).map((r) => toDto(r, this.deps.clock.now()))
  }

  async update(tenantId: string, id: string, patch: UpdateWebhook, by: Actor): Promise<WebhookDto> {
    if (patch.url) await this.vetUrl(patch.url)
    const row = await this.deps.db.transaction(async (tx) => {
      const updated = await webhooksRepository.updateEndpoint(tx, tenantId, id, {
        ...(patch.url ? { url: patch.url } : {}), ...(patch.events ? { events: patch.events } : {}),
        // Turning an endpoint on again starts its failure clock afresh.
        ...(patch.active !== undefined ? { active: patch.active, ...(patch.active ? { failingSince: null, disabledAt: null, disabledReason: null } : {}) } : {}), ...(patch.description !== undefined ? { description: patch.description } : {}),
      })
      if (!updated) throw webhookNotFound()
      await this.audited(tx, tenantId, by, 'webhook.updated', id)
      return updated
    })
    return toDto(row, this.deps.clock.now())
  }

  async remove(tenantId: string, id: string, by: Actor): Promise<void> {
    await this.deps.db.transaction(async (tx) => {
      if (!(await webhooksRepository.removeEndpoint(tx, tenantId, id))) throw webhookNotFound()
      await this.audited(tx, tenantId, by, 'webhook.deleted', id)
    })
  }

  private audited(tx: DbOrTx, tenantId: string, by: Actor, action: string, id: string): Promise<void> {
    return this.deps.audit.record(tenantId, by, [{ action, targetType: 'webhook', targetId: id }], tx)
  }

  async deliveries(tenantId: string, opts: { endpointId?: string; status?: DeliveryRow['status']; limit: number }): Promise<DeliveryDto[]> {
    if (opts.endpointId && !(await webhooksRepository.getEndpoint(this.deps.db, tenantId, opts.endpointId))) throw webhookNotFound()
    return (await webhooksRepository.listDeliveries(this.deps.db, tenantId, opts)).map(toDeliveryDto)
  }

  /**
   * A new secret, returned once. The old one keeps signing alongside it (`v1=<new>,v1=<old>`) for
   * `overlapSeconds`, so a receiver can switch to the new secret without missing a delivery.
   */
  async rotateSecret(tenantId: string, id: string, overlapSeconds: number, by: Actor): Promise<{ webhook: WebhookDto; secret: string }> {
    const secret = newSecret()
    const until = overlapSeconds > 0 ? new Date(this.deps.clock.now().getTime() + overlapSeconds * 1000) : null
    const row = await this.deps.db.transaction(async (tx) => {
      const endpoint = await webhooksRepository.getEndpoint(tx, tenantId, id)
      if (!endpoint) throw webhookNotFound()
      const rotated = await webhooksRepository.updateEndpoint(tx, tenantId, id, {
        secretSealed: this.deps.box.seal(secret, sealContext(id)),
        previousSecretSealed: until ? endpoint.secretSealed : null, previousSecretExpiresAt: until,
      })
      if (!rotated) throw webhookNotFound()
      await this.audited(tx, tenantId, by, 'webhook.secret_rotated', id)
      return rotated
    })
    return { webhook: toDto(row, this.deps.clock.now()), secret }
  }

  /** A `webhook.test` event for this endpoint alone, delivered (and retried) like any other. */
  async sendTest(tenantId: string, id: string): Promise<DeliveryDto> {
    const endpoint = await webhooksRepository.getEndpoint(this.deps.db, tenantId, id)
    if (!endpoint) throw webhookNotFound()
    if (!endpoint.active) throw webhookInactive()
    const eventId = newId()
    const createdAt = this.deps.clock.now().toISOString()
    const body = JSON.stringify({ id: eventId, type: 'webhook.test', createdAt, data: { webhookId: id, message: 'Tes dari Warta: webhook Anda tersambung.' } })
    const [row] = await webhooksRepository.insertDeliveries(this.deps.db, [{ id: newId(), tenantId, endpointId: id, eventId, eventType: 'webhook.test', body }])
    await this.enqueue(row!)
    return toDeliveryDto(row!)
  }

  /** A dead letter goes out again, same event id and body, with a fresh set of attempts. */
  async redeliver(tenantId: string, deliveryId: string): Promise<DeliveryDto> {
    const existing = await webhooksRepository.getDelivery(this.deps.db, tenantId, deliveryId)
    if (!existing) throw deliveryNotFound()
    const row = await webhooksRepository.reopen(this.deps.db, tenantId, deliveryId)
    if (!row) throw notDeadLetter()
    await this.enqueue(row)
    return toDeliveryDto(row)
  }

  /**
   * Records `type` for every active endpoint of the tenant that subscribed to it, and queues them:
   * for events published after their change committed (status changes, insights, follow-ups...).
   */
  async dispatch(tenantId: string, type: WebhookEventType, data: unknown): Promise<void> {
    const endpoints = (await webhooksRepository.activeEndpoints(this.deps.db, tenantId)).filter((e) => subscribes(e.events, type))
    if (!endpoints.length) return
    const eventId = newId()
    const body = JSON.stringify({ id: eventId, type, createdAt: this.deps.clock.now().toISOString(), data })
    const rows = await webhooksRepository.insertDeliveries(this.deps.db, endpoints.map((e) => ({
      id: newId(), tenantId, endpointId: e.id, eventId, eventType: type, body,
    })))
    await Promise.all(rows.map((row) => this.enqueue(row)))
  }

  /**
   * The transactional outbox: records `type` inside the caller's transaction `db`, so the event
   * commits with the change it reports or not at all. Nothing is written when no active endpoint
   * asked for it. Returns the event id, which the caller hands to `dispatchRecorded` after the
   * commit; if it never does (a crash in between), the sweep dispatches the event instead.
   */
  async record(db: DbOrTx, tenantId: string, type: WebhookEventType, data: unknown): Promise<string | undefined> {
    const endpoints = (await webhooksRepository.activeEndpoints(db, tenantId)).filter((e) => subscribes(e.events, type))
    if (!endpoints.length) return undefined
    const id = newId()
    const body = JSON.stringify({ id, type, createdAt: this.deps.clock.now().toISOString(), data })
    await webhooksRepository.insertEvent(db, { id, tenantId, type, body })
    return id
  }

  /** Fans recorded events out into deliveries and queues them (what `record`'s caller does after its commit). */
  async dispatchRecorded(tenantId: string, eventIds: string[]): Promise<void> {
    for (const event of await webhooksRepository.undispatchedEvents(this.deps.db, tenantId, eventIds)) await this.fanOut(event)
  }

  /**
   * One delivery per subscribed endpoint, with the event's own id and body, and the event marked
   * dispatched, in one transaction. Idempotent: a delivery is unique per endpoint and event, so a
   * second dispatch of the same event (the sweep racing the caller) adds and queues nothing.
   */
  private async fanOut(event: EventRow): Promise<void> {
    const type = event.type as WebhookEventType
    const rows = await this.deps.db.transaction(async (tx) => {
      const endpoints = (await webhooksRepository.activeEndpoints(tx, event.tenantId)).filter((e) => subscribes(e.events, type))
      const inserted = await webhooksRepository.insertDeliveries(tx, endpoints.map((e) => ({
        id: newId(), tenantId: event.tenantId, endpointId: e.id, eventId: event.id, eventType: type, body: event.body,
      })))
      await webhooksRepository.markDispatched(tx, event.tenantId, event.id, this.deps.clock.now())
      return inserted
    })
    await Promise.all(rows.map((row) => this.enqueue(row)))
  }

  /**
   * Puts right what a crash left half done: recorded events never dispatched (older than
   * `eventsOlderThanMs`, so a commit's own dispatch normally wins), pending deliveries whose job
   * may have been lost, and prunes dispatched events older than a week. Returns what it re-queued.
   */
  async sweep(olderThanMs = 60_000, eventsOlderThanMs = 15_000): Promise<number> {
    const now = this.deps.clock.now().getTime()
    const events = await webhooksRepository.staleEvents(this.deps.db, new Date(now - eventsOlderThanMs))
    for (const event of events) await this.fanOut(event)
    const stale = await webhooksRepository.stalePending(this.deps.db, new Date(now - olderThanMs))
    for (const row of stale) await this.enqueue(row)
    await webhooksRepository.pruneEvents(this.deps.db, new Date(now - 7 * 86_400_000))
    return events.length + stale.length
  }

  private async enqueue(row: DeliveryRow): Promise<void> {
    await this.deps.jobs.add('webhook.deliver', { tenantId: row.tenantId, deliveryId: row.id, round: row.round, endpointId: row.endpointId }, {
      attempts: this.deps.retry.maxAttempts, backoffMs: this.deps.retry.baseMs,
    })
  }
}
