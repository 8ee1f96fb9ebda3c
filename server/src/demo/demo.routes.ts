// /api/v1/demo: only registered in demo mode (elsewhere the path is a plain 404).
import type { FastifyInstance } from 'fastify'
import { z } from 'zod'
import type { Db } from '../db/client.js'
import { requireRole } from '../plugins/auth.js'
import { conflict, notFound } from '../shared/errors.js'
import { parseInput } from '../shared/validation.js'
import { errors, NoContent, NoQuery } from '../shared/http-schemas.js'
import type { QrStore } from '../modules/sessions/sessions.qr-store.js'
import { sessionsRepository } from '../modules/sessions/sessions.repository.js'
import { tenantsRepository } from '../modules/tenants/tenants.repository.js'
import type { WaSim } from '../../sim/index.js'
import type { DemoChatter } from './demo-chatter.js'
import { DEMO_PROFILE } from './demo-script.js'
import { CustomerMedia } from './demo-customer-media.js'

/** Which of the shop's numbers: the first one when absent. */
const DeviceChoice = z.uuid({ message: 'Not a valid id.' }).optional().meta({ description: 'Which of the shop\'s numbers (default: its first).' })

const CustomerMessage = z.strictObject({
  deviceId: DeviceChoice,
  text: z.string().trim().min(1).max(1000),
  customerName: z.string().trim().min(1).max(60).optional(),
  /** The simulated customer's number in international digits (e.g. a Singapore "6591234567"). */
  phone: z.string().regex(/^[1-9]\d{7,14}$/, 'International digits, 8–15 of them, no leading 0.').optional(),
})

/** The slice of the AI settings service demo mode needs: seeding a shop that has no profile yet. */
export interface DemoAiConfig {
  get(tenantId: string): Promise<{ profile: { menu: string }; priceList: unknown[]; updatedAt: Date }>
  update(tenantId: string, patch: Record<string, unknown>): Promise<unknown>
}

const LinkBody = z.strictObject({ deviceId: DeviceChoice }).optional()

/** The device a demo request means, checked to be the tenant's; the first when none is named. */
async function deviceOf(db: Db, tenantId: string, deviceId: string | undefined): Promise<string> {
  if (deviceId === undefined) return (await sessionsRepository.first(db, tenantId))?.id ?? tenantId
  const row = await sessionsRepository.get(db, { tenantId, deviceId })
  if (!row || row.deletedAt) throw notFound('device.not_found', 'No such WhatsApp number.')
  return deviceId
}

/**
 * A shop that skipped the profile gets the demo café's menu and auto-reply, so the visitor sees
 * the AI answer the simulated customers; anything the owner already set is kept.
 */
async function seedDemoShop(aiConfig: DemoAiConfig, tenantId: string): Promise<void> {
  const config = await aiConfig.get(tenantId)
  if (config.updatedAt.getTime() === 0 && !config.profile.menu && !config.priceList.length) {
    const { priceList, ...profile } = DEMO_PROFILE
    await aiConfig.update(tenantId, { profile, priceList, autoReply: true, enabledModes: ['faq', 'order'] })
  }
}

export function demoRoutes(deps: { db: Db; sim: WaSim; qrStore: QrStore; chatter: DemoChatter; aiConfig: DemoAiConfig }) {
  return async (app: FastifyInstance): Promise<void> => {
    await app.register(async (r) => {
      r.addHook('preHandler', app.authenticate)
      const tags = ['demo']
      r.get('/', { schema: { summary: 'Demo mode is on (404 otherwise)', tags, querystring: NoQuery, response: { 200: z.object({ enabled: z.literal(true) }), ...errors } } }, async () => ({ enabled: true }))

      r.post('/scan', { preHandler: requireRole('admin'), schema: { summary: 'A new simulated phone scans the QR of a number', tags, body: LinkBody, response: { 204: NoContent, ...errors } } }, async (req, reply) => {
        const body = parseInput(LinkBody, req.body)
        const tenantId = req.auth.tenantId
        // Each number is its own simulated phone (its own phone number).
        const { qr, pairingCode } = await deps.qrStore.get(await deviceOf(deps.db, tenantId, body?.deviceId))
        if (pairingCode) throw conflict('demo.pairing_code_mode', 'This device is waiting for its pairing code: enter the code on the simulated phone, or ask for a QR code again.')
        if (!qr) throw conflict('demo.no_qr', 'There is no QR code to scan. Press "Connect WhatsApp" first.')
        const tenant = await tenantsRepository.get(deps.db, tenantId)
        const phone = deps.sim.createPhone({ pushName: tenant?.name ?? 'Toko Demo' })
        // The QR may have been replaced between reading and scanning: a clear 409, not a 500.
        await phone.scan(qr.code).catch((err: Error) => { throw conflict('demo.qr_expired', `The QR code could not be scanned (${err.message}). Try again with the new one.`) })
        await seedDemoShop(deps.aiConfig, tenantId)
        return reply.status(204).send()
      })

      // The simulated phone's "Link with phone number instead": it types the code the dashboard shows.
      r.post('/enter-code', { preHandler: requireRole('admin'), schema: { summary: 'The simulated phone types the pairing code of a number', tags, body: LinkBody, response: { 204: NoContent, ...errors } } }, async (req, reply) => {
        const body = parseInput(LinkBody, req.body)
        const tenantId = req.auth.tenantId
        const { pairingCode } = await deps.qrStore.get(await deviceOf(deps.db, tenantId, body?.deviceId))
        if (!pairingCode) throw conflict('demo.no_pairing_code', 'There is no pairing code to enter. Ask for one with "Link with phone number" first.')
        const tenant = await tenantsRepository.get(deps.db, tenantId)
        const phone = deps.sim.phone(pairingCode.phoneNumber) ?? deps.sim.createPhone({ pn: pairingCode.phoneNumber, pushName: tenant?.name ?? 'Toko Demo' })
        await phone.enterPairingCode(pairingCode.code).catch((err: Error) => { throw conflict('demo.code_not_accepted', `The simulated phone could not use the code (${err.message}). Ask for a new code.`) })
        await seedDemoShop(deps.aiConfig, tenantId)
        return reply.status(204).send()
      })

      r.post('/customer-message', { schema: { summary: 'A simulated customer writes to the shop', tags, body: CustomerMessage, response: { 204: NoContent, ...errors } } }, async (req, reply) => {
        const body = parseInput(CustomerMessage, req.body)
        const session = await sessionsRepository.get(deps.db, { tenantId: req.auth.tenantId, deviceId: await deviceOf(deps.db, req.auth.tenantId, body.deviceId) })
        if (session?.state !== 'connected' || !session.phone) throw conflict('demo.not_connected', 'Connect the simulated phone first.')
        await deps.chatter.writeAs(session.phone, body.text, body.customerName, body.phone)
        return reply.status(204).send()
      })

      r.post('/customer-media', { schema: { summary: 'A simulated customer sends a photo, voice note, document, location, contact, or replies/reacts/edits/deletes', tags, body: CustomerMedia, response: { 204: NoContent, ...errors } } }, async (req, reply) => {
        const body = parseInput(CustomerMedia, req.body)
        const session = await sessionsRepository.get(deps.db, { tenantId: req.auth.tenantId, deviceId: await deviceOf(deps.db, req.auth.tenantId, body.deviceId) })
        if (session?.state !== 'connected' || !session.phone) throw conflict('demo.not_connected', 'Connect the simulated phone first.')
        await deps.chatter.sendAs(session.phone, body)
        return reply.status(204).send()
      })

      // What a simulated customer's phone got from the shop, and from which of its numbers: the
      // visitor (and the browser tests) can see that a reply left from the chat's number.
      const CustomerPhone = z.strictObject({ phone: z.string().regex(/^[1-9]\d{7,14}$/, 'International digits, 8–15 of them, no leading 0.') })
      const Received = z.object({ items: z.array(z.object({ text: z.string().nullable(), fromPhone: z.string() })) })
      r.get('/customers/:phone/received', { schema: { summary: 'What a simulated customer received from the shop, and from which number', tags, params: CustomerPhone, querystring: NoQuery, response: { 200: Received, ...errors } } }, async (req) => {
        const { phone } = parseInput(CustomerPhone, req.params, 'params')
        const shopPhones = new Set((await sessionsRepository.list(deps.db, req.auth.tenantId)).map((d) => d.phone).filter(Boolean))
        // Only what this shop's own numbers sent: another demo shop's messages are not this tenant's to read.
        const items = (deps.sim.customer(phone)?.received() ?? [])
          .map((m) => ({ text: m.text ?? null, fromPhone: m.from.split('@')[0]!.split(':')[0]! }))
          .filter((m) => shopPhones.has(m.fromPhone))
        return { items }
      })
    }, { prefix: '/demo' })
  }
}
