// /api/v1/device: the tenant's WhatsApp session. Reading status is open to every role; changing
// it needs owner or admin.
import type { FastifyInstance } from 'fastify'
import { z } from 'zod'
import { requireRole } from '../../plugins/auth.js'
import { parseInput } from '../../shared/validation.js'
import type { DeviceService } from './sessions.service.js'
import { DeviceStatus } from './sessions.schemas.js'
import { errors, NoQuery } from '../../shared/http-schemas.js'

const PairCodeBody = z.strictObject({ phoneNumber: z.string().trim().min(1, 'Enter a phone number.').max(32) })
const NoBody = z.strictObject({}).optional()

export function deviceRoutes(device: DeviceService) {
  return async (app: FastifyInstance): Promise<void> => {
    await app.register(async (r) => {
      r.addHook('preHandler', app.authenticate)
      // API keys with device:manage may run the device (integrators build their own onboarding).
      const config = { scope: 'device:manage' as const }
      const admin = { preHandler: requireRole('admin'), config }
      const changes = (summary: string) => ({ ...admin, schema: { summary, body: NoBody, response: { 200: DeviceStatus, ...errors } } })
      r.get('/status', { config, schema: { summary: 'The WhatsApp session: state, QR or pairing code', querystring: NoQuery, response: { 200: DeviceStatus, ...errors } } }, async (req) => device.status(req.auth.tenantId))
      r.post('/connect', changes('Start linking or reconnect'), async (req) => { parseInput(NoBody, req.body); return device.connect(req.auth.tenantId) })
      r.post('/pair-code', { ...admin, schema: { summary: 'Link by phone number: a code to type on the phone', body: PairCodeBody, response: { 200: z.object({ code: z.string() }), ...errors } } }, async (req) => device.requestPairingCode(req.auth.tenantId, parseInput(PairCodeBody, req.body).phoneNumber))
      r.post('/disconnect', changes('Close the session (stays linked)'), async (req) => { parseInput(NoBody, req.body); return device.disconnect(req.auth.tenantId) })
      r.post('/logout', changes('Unlink the phone'), async (req) => { parseInput(NoBody, req.body); return device.logout(req.auth.tenantId) })
    }, { prefix: '/device' })
  }
}
