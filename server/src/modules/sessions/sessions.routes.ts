// The tenant's WhatsApp numbers. /api/v1/devices lists them and runs each one; /api/v1/device is
// the tenant's first number, as it was when a tenant had only one (integrators use it). Reading is
// open to every role; changing needs owner or admin (or an API key with device:manage).
import type { FastifyInstance, FastifyRequest } from 'fastify'
import { z } from 'zod'
import { requireRole } from '../../plugins/auth.js'
import { actorOf } from '../../shared/actor.js'
import { parseInput } from '../../shared/validation.js'
import type { DeviceService } from './sessions.service.js'
import type { DeviceListService } from './sessions.devices.js'
import { CreateDevice, Device, DeviceIdParams, DeviceStatus, UpdateDevice } from './sessions.schemas.js'
import { errors, ItemsOf, NoContent, NoQuery } from '../../shared/http-schemas.js'
import type { DeviceRef } from './sessions.types.js'

const PairCodeBody = z.strictObject({ phoneNumber: z.string().trim().min(1, 'Enter a phone number.').max(32) })
const NoBody = z.strictObject({}).optional()
const PairCode = z.object({ code: z.string() })

/**
 * The five session routes of one device, mounted twice: under /device (the first number) and
 * under /devices/:id. `which` finds the device a request means.
 */
function sessionRoutes(r: FastifyInstance, device: DeviceService, which: (req: FastifyRequest, create: boolean) => Promise<DeviceRef>, params?: typeof DeviceIdParams) {
  // API keys with device:manage may run the device (integrators build their own onboarding).
  const config = { scope: 'device:manage' as const }
  const admin = { preHandler: requireRole('admin'), config }
  const p = params ? { params } : {}
  const changes = (summary: string) => ({ ...admin, schema: { summary, ...p, body: NoBody, response: { 200: DeviceStatus, ...errors } } })
  r.get('/status', { config, schema: { summary: 'The WhatsApp session: state, QR or pairing code', ...p, querystring: NoQuery, response: { 200: DeviceStatus, ...errors } } }, async (req) => device.status(await which(req, false)))
  r.post('/connect', changes('Start linking or reconnect'), async (req) => { parseInput(NoBody, req.body); return device.connect(await which(req, true)) })
  r.post('/pair-code', { ...admin, schema: { summary: 'Link by phone number: a code to type on the phone', ...p, body: PairCodeBody, response: { 200: PairCode, ...errors } } }, async (req) => {
    const body = parseInput(PairCodeBody, req.body)
    return device.requestPairingCode(await which(req, true), body.phoneNumber)
  })
  r.post('/disconnect', changes('Close the session (stays linked)'), async (req) => { parseInput(NoBody, req.body); return device.disconnect(await which(req, true), actorOf(req.auth)) })
  r.post('/logout', changes('Unlink the phone'), async (req) => { parseInput(NoBody, req.body); return device.logout(await which(req, true), actorOf(req.auth)) })
}

export function deviceRoutes(device: DeviceService, devices: DeviceListService) {
  return async (app: FastifyInstance): Promise<void> => {
    await app.register(async (r) => {
      r.addHook('preHandler', app.authenticate)
      sessionRoutes(r, device, (req, create) => device.resolve(req.auth.tenantId, undefined, { create }))
    }, { prefix: '/device' })

    await app.register(async (r) => {
      r.addHook('preHandler', app.authenticate)
      const config = { scope: 'device:manage' as const }
      const admin = { preHandler: requireRole('admin'), config }
      const idOf = (req: FastifyRequest) => parseInput(DeviceIdParams, req.params, 'params').id
      r.get('/', { config, schema: { summary: 'The shop\'s WhatsApp numbers, first number first', querystring: NoQuery, response: { 200: ItemsOf(Device), ...errors } } }, async (req) => ({ items: await devices.list(req.auth.tenantId) }))
      r.post('/', { ...admin, schema: { summary: 'Add a WhatsApp number (then link it by QR or code)', body: CreateDevice, response: { 201: Device, ...errors } } }, async (req, reply) => reply.status(201).send(await devices.create(req.auth.tenantId, parseInput(CreateDevice, req.body), actorOf(req.auth))))
      r.get('/:id', { config, schema: { summary: 'One WhatsApp number', params: DeviceIdParams, querystring: NoQuery, response: { 200: Device, ...errors } } }, async (req) => devices.get(req.auth.tenantId, idOf(req)))
      r.patch('/:id', { ...admin, schema: { summary: 'Rename or recolour a number', params: DeviceIdParams, body: UpdateDevice, response: { 200: Device, ...errors } } }, async (req) => devices.update(req.auth.tenantId, idOf(req), parseInput(UpdateDevice, req.body), actorOf(req.auth)))
      r.delete('/:id', { ...admin, schema: { summary: 'Remove a number: unlinks the phone and wipes its keys (its chats stay)', params: DeviceIdParams, response: { 204: NoContent, ...errors } } }, async (req, reply) => {
        await devices.remove(req.auth.tenantId, idOf(req), actorOf(req.auth))
        return reply.status(204).send()
      })
      await r.register(async (one) => {
        sessionRoutes(one, device, (req) => device.resolve(req.auth.tenantId, idOf(req)), DeviceIdParams)
      }, { prefix: '/:id' })
    }, { prefix: '/devices' })
  }
}
