// /api/v1/devices/:id/settings: what one WhatsApp number does differently from the shop (auto-reply,
// follow-ups, business hours and the away message). Owners and admins only, like the shop's own
// settings; closed to API keys (no scope names these routes).
import type { FastifyInstance } from 'fastify'
import { requireRole } from '../../plugins/auth.js'
import { actorOf } from '../../shared/actor.js'
import { parseInput } from '../../shared/validation.js'
import { errors, NoQuery } from '../../shared/http-schemas.js'
import { DeviceIdParams } from '../sessions/sessions.schemas.js'
import { DeviceSettings, DeviceSettingsBody } from './device-settings.schemas.js'
import type { DeviceSettingsService } from './device-settings.service.js'

export function deviceSettingsRoutes(settings: Pick<DeviceSettingsService, 'get' | 'save'>) {
  return async (app: FastifyInstance): Promise<void> => {
    await app.register(async (r) => {
      r.addHook('preHandler', app.authenticate)
      r.addHook('preHandler', requireRole('admin'))
      const idOf = (params: unknown) => parseInput(DeviceIdParams, params, 'params').id
      r.get('/:id/settings', { schema: { summary: "A number's settings: each group its own or the shop's, with the values that apply", params: DeviceIdParams, querystring: NoQuery, response: { 200: DeviceSettings, ...errors } } },
        async (req) => settings.get(req.auth.tenantId, idOf(req.params)))
      r.put('/:id/settings', { schema: { summary: "Give a number its own settings, or let a group follow the shop's again ({ inherit: true })", params: DeviceIdParams, body: DeviceSettingsBody, response: { 200: DeviceSettings, ...errors } } },
        async (req) => settings.save(req.auth.tenantId, idOf(req.params), parseInput(DeviceSettingsBody, req.body), actorOf(req.auth)))
    }, { prefix: '/devices' })
  }
}
