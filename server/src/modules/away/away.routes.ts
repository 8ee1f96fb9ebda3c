// /api/v1/away: business hours and the away message (read: every role; change: admins and up).
import type { FastifyInstance } from 'fastify'
import { requireRole } from '../../plugins/auth.js'
import { actorOf } from '../../shared/actor.js'
import { parseInput } from '../../shared/validation.js'
import { errors, NoQuery } from '../../shared/http-schemas.js'
import { AwaySettings, AwaySettingsBody } from './away.schemas.js'
import type { AwayService } from './away.service.js'

export function awayRoutes(away: Pick<AwayService, 'settings' | 'save'>) {
  return async (app: FastifyInstance): Promise<void> => {
    await app.register(async (r) => {
      r.addHook('preHandler', app.authenticate)
      r.get('/away', { schema: { summary: 'Business hours and the away message, and whether the shop is open now', querystring: NoQuery, response: { 200: AwaySettings, ...errors } } }, async (req) => away.settings(req.auth.tenantId))
      r.put('/away', { preHandler: requireRole('admin'), schema: { summary: 'Set business hours and the away message', body: AwaySettingsBody, response: { 200: AwaySettings, ...errors } } }, async (req) =>
        away.save(req.auth.tenantId, parseInput(AwaySettingsBody, req.body), actorOf(req.auth)))
    })
  }
}
