// GET /api/v1/presence: which teammates have the dashboard open (the team list and assign menu
// show it; `presence.changed` events keep it live).
import type { FastifyInstance } from 'fastify'
import { z } from 'zod'
import { parseInput } from '../../shared/validation.js'
import { errors, NoQuery, Uuid } from '../../shared/http-schemas.js'
import type { Presence } from './realtime.presence.js'

export function presenceRoutes(presence: Presence) {
  return async (app: FastifyInstance): Promise<void> => {
    await app.register(async (r) => {
      r.addHook('preHandler', app.authenticate)
      r.get('/presence', { schema: { summary: 'Teammates online now (an open dashboard)', querystring: NoQuery, response: { 200: z.object({ online: z.array(Uuid) }), ...errors } } }, async (req) => {
        parseInput(z.strictObject({}), req.query, 'query')
        return { online: [...(await presence.online(req.auth.tenantId))] }
      })
    })
  }
}
