// /api/v1/device: the tenant's WhatsApp session. Reading status is open to every role; changing
// it needs owner or admin.
import type { FastifyInstance } from 'fastify'
import { z } from 'zod'
import { requireRole } from '../../plugins/auth.js'
import { parseInput } from '../../shared/validation.js'
import type { DeviceService } from './device.service.js'

const PairCodeBody = z.strictObject({ phoneNumber: z.string().trim().min(1, 'Enter a phone number.').max(32) })
const NoBody = z.strictObject({}).optional()

export function deviceRoutes(device: DeviceService) {
  return async (app: FastifyInstance): Promise<void> => {
    await app.register(async (r) => {
      r.addHook('preHandler', app.authenticate)
      const admin = { preHandler: requireRole('admin') }
      r.get('/status', async (req) => device.status(req.auth.tenantId))
      r.post('/connect', admin, async (req) => { parseInput(NoBody, req.body); return device.connect(req.auth.tenantId) })
      r.post('/pair-code', admin, async (req) => device.requestPairingCode(req.auth.tenantId, parseInput(PairCodeBody, req.body).phoneNumber))
      r.post('/disconnect', admin, async (req) => { parseInput(NoBody, req.body); return device.disconnect(req.auth.tenantId) })
      r.post('/logout', admin, async (req) => { parseInput(NoBody, req.body); return device.logout(req.auth.tenantId) })
    }, { prefix: '/device' })
  }
}
