// GET /api/v1/contacts/:id: a customer's card (every role of the tenant; API keys with contacts:read).
import type { FastifyInstance } from 'fastify'
import { z } from 'zod'
import { parseInput } from '../../shared/validation.js'
import type { CustomersService } from './customers.service.js'
import { ContactDetail } from '../inbox/inbox.schemas.js'
import { errors, NoQuery } from '../../shared/http-schemas.js'

const Id = z.strictObject({ id: z.uuid({ message: 'Not a valid id.' }) })

export function customersRoutes(customers: Pick<CustomersService, 'card'>) {
  return async (app: FastifyInstance): Promise<void> => {
    await app.register(async (r) => {
      r.addHook('preHandler', app.authenticate)
      r.get('/contacts/:id', { config: { scope: 'contacts:read' as const }, schema: { summary: 'A customer with their insights and follow-ups', params: Id, querystring: NoQuery, response: { 200: ContactDetail, ...errors } } }, async (req) => customers.card(req.auth.tenantId, parseInput(Id, req.params, 'params').id))
    })
  }
}
