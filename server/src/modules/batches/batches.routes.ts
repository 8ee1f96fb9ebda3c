// /api/v1/batches: a bulk send (scope messages:send to create and steer, messages:read to follow).
import type { FastifyInstance } from 'fastify'
import { requireRole } from '../../plugins/auth.js'
import { parseInput } from '../../shared/validation.js'
import { BatchAction, BatchDto, BatchId, CreateBatchBody } from './batches.schemas.js'
import { errors, ItemsOf, NoBody, NoQuery } from '../../shared/http-schemas.js'
import type { BatchesService } from './batches.service.js'

export function batchesRoutes(batches: BatchesService) {
  return async (app: FastifyInstance): Promise<void> => {
    await app.register(async (r) => {
      r.addHook('preHandler', app.authenticate)
      const send = { preHandler: requireRole('agent'), config: { scope: 'messages:send' as const } }
      r.post('/', { ...send, schema: { summary: 'Start a bulk send (a template to many numbers, paced)', body: CreateBatchBody, response: { 201: BatchDto, ...errors } } }, async (req, reply) => reply.status(201).send(await batches.create(req.auth.tenantId, parseInput(CreateBatchBody, req.body))))
      r.get('/', { config: { scope: 'messages:read' }, schema: { summary: 'Bulk sends, newest first', querystring: NoQuery, response: { 200: ItemsOf(BatchDto), ...errors } } }, async (req) => ({ items: await batches.list(req.auth.tenantId) }))
      r.get('/:id', { config: { scope: 'messages:read' }, schema: { summary: 'One bulk send and its progress', params: BatchId, querystring: NoQuery, response: { 200: BatchDto, ...errors } } }, async (req) => batches.get(req.auth.tenantId, parseInput(BatchId, req.params, 'params').id))
      r.post('/:id/:action', { ...send, schema: { summary: 'Pause, resume or cancel a bulk send', params: BatchAction, body: NoBody, response: { 200: BatchDto, ...errors } } }, async (req) => {
        const p = parseInput(BatchAction, req.params, 'params')
        return batches.act(req.auth.tenantId, p.id, p.action)
      })
    }, { prefix: '/batches' })
  }
}
