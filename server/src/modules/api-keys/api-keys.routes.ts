// /api/v1/api-keys: owners and admins make, list and revoke the tenant's keys. These routes name
// no scope, so an API key can never reach them (a key cannot make or revoke keys).
import type { FastifyInstance } from 'fastify'
import { actorOf } from '../../shared/actor.js'
import { requireRole } from '../../plugins/auth.js'
import { parseInput } from '../../shared/validation.js'
import { ApiKey, ApiKeyId, CreateApiKey, CreatedApiKey } from './api-keys.schemas.js'
import { errors, ItemsOf, NoQuery } from '../../shared/http-schemas.js'
import type { ApiKeysService } from './api-keys.service.js'

export function apiKeysRoutes(apiKeys: ApiKeysService) {
  return async (app: FastifyInstance): Promise<void> => {
    await app.register(async (r) => {
      r.addHook('preHandler', app.authenticate)
      r.addHook('preHandler', requireRole('admin'))
      r.get('/', { schema: { summary: "The tenant's API keys", querystring: NoQuery, response: { 200: ItemsOf(ApiKey), ...errors } } }, async (req) => ({ items: await apiKeys.list(req.auth.tenantId) }))
      r.post('/', { schema: { summary: 'Create an API key (its secret is shown once)', body: CreateApiKey, response: { 201: CreatedApiKey, ...errors } } }, async (req, reply) => {
        const body = parseInput(CreateApiKey, req.body)
        return reply.status(201).send(await apiKeys.create(req.auth.tenantId, req.auth.userId, body, actorOf(req.auth)))
      })
      r.delete('/:id', { schema: { summary: 'Revoke a key (effective at once)', params: ApiKeyId, response: { 200: ApiKey, ...errors } } }, async (req) => apiKeys.revoke(req.auth.tenantId, parseInput(ApiKeyId, req.params, 'params').id, actorOf(req.auth)))
    }, { prefix: '/api-keys' })
  }
}
