import { z } from 'zod'
import { IsoTime, named, Uuid } from '../../shared/http-schemas.js'

export const WEBHOOK_EVENTS = [
  'message.received', 'message.status', 'message.sent', 'session.state', 'insight.created',
  'followup.scheduled', 'followup.sent', 'followup.cancelled',
] as const
export type WebhookEventType = (typeof WEBHOOK_EVENTS)[number]
/** What an endpoint may subscribe to: an event type, or `followup.*` for every follow-up event. */
const Subscription = z.enum([...WEBHOOK_EVENTS, 'followup.*'], { message: `Events are ${WEBHOOK_EVENTS.join(', ')} or followup.*.` })

const Url = z.string().trim().max(2048).refine((v) => {
  try { return ['http:', 'https:'].includes(new URL(v).protocol) } catch { return false }
}, 'Use an http(s) URL.')

export const CreateWebhook = z.strictObject({
  url: Url,
  events: z.array(Subscription).min(1, 'Pick at least one event.').transform((e) => [...new Set(e)]),
  description: z.string().trim().max(200).optional(),
  active: z.boolean().optional(),
})
export type CreateWebhook = z.infer<typeof CreateWebhook>

export const UpdateWebhook = z.strictObject({
  url: Url.optional(),
  events: z.array(Subscription).min(1).transform((e) => [...new Set(e)]).optional(),
  description: z.string().trim().max(200).optional(),
  active: z.boolean().optional(),
})
export type UpdateWebhook = z.infer<typeof UpdateWebhook>

/** How long the rotated-out secret keeps signing too (default a day, at most a week; 0 = at once). */
export const RotateSecret = z.strictObject({
  overlapSeconds: z.number().int().min(0).max(7 * 86400).default(86400),
})
export type RotateSecret = z.infer<typeof RotateSecret>

export const WebhookId = z.strictObject({ id: z.uuid({ message: 'Not a valid id.' }) })
export const DeliveriesQuery = z.strictObject({
  status: z.enum(['pending', 'succeeded', 'failed']).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
})

/** Does an endpoint subscribed to `subscriptions` get `type`? */
export const subscribes = (subscriptions: readonly string[], type: string) =>
  subscriptions.includes(type) || (type.startsWith('followup.') && subscriptions.includes('followup.*'))

export const WebhookEndpoint = named('WebhookEndpoint', z.object({
  id: Uuid, url: z.string(), events: z.array(z.string()), active: z.boolean(), description: z.string().nullable(), createdAt: IsoTime, updatedAt: IsoTime,
  disabledAt: IsoTime.nullable().meta({ description: 'Set when Warta turned the endpoint off after a day of failed attempts.' }),
  disabledReason: z.string().nullable(),
  failingSince: IsoTime.nullable().meta({ description: 'Since when every attempt has failed (null: healthy).' }),
  previousSecretValidUntil: IsoTime.nullable().meta({ description: 'After a rotation, the old secret also signs (`v1=<new>,v1=<old>`) until then.' }),
}))
export const CreatedWebhook = named('CreatedWebhook', z.object({
  webhook: WebhookEndpoint,
  secret: z.string().meta({ description: 'The signing secret: shown this once. Verify `X-Warta-Signature` with it (docs/API.md).' }),
}))
export const WebhookDelivery = named('WebhookDelivery', z.object({
  id: Uuid, endpointId: Uuid, eventId: z.string(), eventType: z.string(), status: z.enum(['pending', 'succeeded', 'failed']), attempts: z.number().int(),
  lastStatusCode: z.number().int().nullable(), lastError: z.string().nullable(), lastAttemptAt: IsoTime.nullable(), deliveredAt: IsoTime.nullable(), createdAt: IsoTime,
}))
