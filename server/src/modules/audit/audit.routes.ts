// GET /api/v1/audit: the tenant's audit log, for owners and admins, newest first.
import type { FastifyInstance } from 'fastify'
import { z } from 'zod'
import { requireRole } from '../../plugins/auth.js'
import { parseInput } from '../../shared/validation.js'
import { errors, PageOf } from '../../shared/http-schemas.js'
import { AuditEvent } from './audit.schemas.js'
import type { AuditService } from './audit.service.js'

const AuditQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(100).default(50),
  cursor: z.string().max(200).optional(),
  actor: z.uuid({ message: 'Not a valid user id.' }).optional(),
  action: z.string().regex(/^[a-z_]{1,40}\.[a-z_]{1,40}$/, 'An action like conversation.assigned.').optional(),
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
})

export function auditRoutes(audit: AuditService) {
  return async (app: FastifyInstance): Promise<void> => {
    await app.register(async (r) => {
      r.addHook('preHandler', app.authenticate)
      r.get('/audit', { preHandler: requireRole('admin'), schema: { summary: 'The audit log: who did what and when (owners and admins)', querystring: AuditQuery, response: { 200: PageOf(AuditEvent), ...errors } } }, async (req) => {
        const q = parseInput(AuditQuery, req.query, 'query')
        return audit.list(req.auth.tenantId, {
          actorId: q.actor, action: q.action, from: q.from ? new Date(q.from) : undefined, to: q.to ? new Date(q.to) : undefined, cursor: q.cursor, limit: q.limit,
        })
      })
    })
  }
}
