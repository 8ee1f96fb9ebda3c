// /api/v1/overview: this week at a glance (overview.service.ts); POST /api/v1/tenant/onboarded
// ends the onboarding (admin or higher).
import type { FastifyInstance } from 'fastify'
import { z } from 'zod'
import { requireRole } from '../../plugins/auth.js'
import { parseInput } from '../../shared/validation.js'
import type { OverviewService } from './overview.service.js'
import { Tenant } from '../auth/auth.schemas.js'
import { Overview } from './overview.schemas.js'
import { errors, NoBody, NoQuery } from '../../shared/http-schemas.js'

export function overviewRoutes(overview: Pick<OverviewService, 'week' | 'markOnboarded'>) {
  return async (app: FastifyInstance): Promise<void> => {
    await app.register(async (r) => {
      r.addHook('preHandler', app.authenticate)
      r.get('/overview', { schema: { summary: 'This week at a glance', querystring: NoQuery, response: { 200: Overview, ...errors } } }, async (req) => overview.week(req.auth.tenantId))

      r.post('/tenant/onboarded', { preHandler: requireRole('admin'), schema: { summary: 'Mark onboarding done', body: NoBody, response: { 200: Tenant, ...errors } } }, async (req) => {
        parseInput(z.strictObject({}).optional(), req.body)
        return overview.markOnboarded(req.auth.tenantId)
      })
    })
  }
}
