// /api/v1/contacts/check: which numbers have WhatsApp (scope contacts:read; agents and up).
import type { FastifyInstance } from 'fastify'
import { requireRole } from '../../plugins/auth.js'
import { parseInput } from '../../shared/validation.js'
import { CheckNumbersBody, CheckNumbersResponse } from './contacts.schemas.js'
import { errors } from '../../shared/http-schemas.js'
import type { NumberCheckService } from './contacts.service.js'

export function contactsRoutes(checks: NumberCheckService) {
  return async (app: FastifyInstance): Promise<void> => {
    await app.register(async (r) => {
      r.addHook('preHandler', app.authenticate)
      r.post('/check', { preHandler: requireRole('agent'), config: { scope: 'contacts:read' }, schema: { summary: 'Which numbers have WhatsApp (rate-limited per shop)', body: CheckNumbersBody, response: { 200: CheckNumbersResponse, ...errors } } }, async (req) =>
        checks.check(req.auth.tenantId, parseInput(CheckNumbersBody, req.body).numbers))
    }, { prefix: '/contacts' })
  }
}
