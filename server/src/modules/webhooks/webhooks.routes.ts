// /api/v1/webhooks: owners/admins (or API keys with webhooks:manage) manage endpoints, read their
// deliveries and the dead-letter list, and redeliver a dead letter.
import type { FastifyInstance } from 'fastify'
import { actorOf } from '../../shared/actor.js'
import { requireRole } from '../../plugins/auth.js'
import { parseInput } from '../../shared/validation.js'
import { CreatedWebhook, CreateWebhook, DeliveriesQuery, RotateSecret, UpdateWebhook, WebhookDelivery, WebhookEndpoint, WebhookId } from './webhooks.schemas.js'
import { errors, ItemsOf, NoContent, NoBody, NoQuery } from '../../shared/http-schemas.js'
import type { WebhooksService } from './webhooks.service.js'

export function webhooksRoutes(webhooks: WebhooksService) {
  return async (app: FastifyInstance): Promise<void> => {
    await app.register(async (r) => {
      r.addHook('preHandler', app.authenticate)
      r.addHook('preHandler', requireRole('admin'))
      const opts = { config: { scope: 'webhooks:manage' as const } }
      r.get('/', { ...opts, schema: { summary: 'Webhook endpoints', querystring: NoQuery, response: { 200: ItemsOf(WebhookEndpoint), ...errors } } }, async (req) => ({ items: await webhooks.list(req.auth.tenantId) }))
      r.post('/', { ...opts, schema: { summary: 'Add an endpoint (its signing secret is shown once)', body: CreateWebhook, response: { 201: CreatedWebhook, ...errors } } }, async (req, reply) => reply.status(201).send(await webhooks.create(req.auth.tenantId, parseInput(CreateWebhook, req.body), actorOf(req.auth))))
      r.patch('/:id', { ...opts, schema: { summary: 'Change an endpoint', params: WebhookId, body: UpdateWebhook, response: { 200: WebhookEndpoint, ...errors } } }, async (req) => webhooks.update(req.auth.tenantId, parseInput(WebhookId, req.params, 'params').id, parseInput(UpdateWebhook, req.body), actorOf(req.auth)))
      r.delete('/:id', { ...opts, schema: { summary: 'Delete an endpoint', params: WebhookId, response: { 204: NoContent, ...errors } } }, async (req, reply) => {
        await webhooks.remove(req.auth.tenantId, parseInput(WebhookId, req.params, 'params').id, actorOf(req.auth))
        return reply.status(204).send()
      })
      r.post('/:id/test', { ...opts, schema: { summary: 'Send a test event (webhook.test) to one endpoint', params: WebhookId, body: NoBody, response: { 202: WebhookDelivery, ...errors } } }, async (req, reply) =>
        reply.status(202).send(await webhooks.sendTest(req.auth.tenantId, parseInput(WebhookId, req.params, 'params').id)))
      r.post('/:id/rotate-secret', { ...opts, schema: { summary: "Rotate an endpoint's signing secret (the old one keeps signing during the overlap)", params: WebhookId, body: RotateSecret, response: { 200: CreatedWebhook, ...errors } } }, async (req) =>
        webhooks.rotateSecret(req.auth.tenantId, parseInput(WebhookId, req.params, 'params').id, parseInput(RotateSecret, req.body ?? {}).overlapSeconds, actorOf(req.auth)))
      r.get('/:id/deliveries', { ...opts, schema: { summary: "One endpoint's deliveries", params: WebhookId, querystring: DeliveriesQuery, response: { 200: ItemsOf(WebhookDelivery), ...errors } } }, async (req) => {
        const q = parseInput(DeliveriesQuery, req.query, 'query')
        return { items: await webhooks.deliveries(req.auth.tenantId, { endpointId: parseInput(WebhookId, req.params, 'params').id, ...q }) }
      })
      // Every endpoint's deliveries; `?status=failed` is the dead-letter list.
      r.get('/deliveries', { ...opts, schema: { summary: "Every endpoint's deliveries (`?status=failed`: the dead letters)", querystring: DeliveriesQuery, response: { 200: ItemsOf(WebhookDelivery), ...errors } } }, async (req) => ({ items: await webhooks.deliveries(req.auth.tenantId, parseInput(DeliveriesQuery, req.query, 'query')) }))
      r.post('/deliveries/:id/redeliver', { ...opts, schema: { summary: 'Deliver a dead letter again', params: WebhookId, body: NoBody, response: { 200: WebhookDelivery, ...errors } } }, async (req) => webhooks.redeliver(req.auth.tenantId, parseInput(WebhookId, req.params, 'params').id))
    }, { prefix: '/webhooks' })
  }
}
