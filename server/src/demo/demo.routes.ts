// /api/v1/demo: only registered in demo mode (elsewhere the path is a plain 404).
import type { FastifyInstance } from 'fastify'
import { z } from 'zod'
import type { Db } from '../db/client.js'
import { requireRole } from '../plugins/auth.js'
import { conflict } from '../shared/errors.js'
import { parseInput } from '../shared/validation.js'
import type { QrStore } from '../modules/sessions/qr-store.js'
import { sessionsRepository } from '../modules/sessions/sessions.repository.js'
import { tenantsRepository } from '../modules/tenants/tenants.repository.js'
import type { WaSim } from '../../sim/index.js'
import type { DemoChatter } from './demo-chatter.js'
import { DEMO_PROFILE } from './demo-script.js'

const CustomerMessage = z.strictObject({ text: z.string().trim().min(1).max(1000), customerName: z.string().trim().min(1).max(60).optional() })

/** The slice of the AI settings service demo mode needs: seeding a shop that has no profile yet. */
export interface DemoAiConfig {
  get(tenantId: string): Promise<{ profile: { menu: string }; priceList: unknown[]; updatedAt: Date }>
  update(tenantId: string, patch: Record<string, unknown>): Promise<unknown>
}

export function demoRoutes(deps: { db: Db; sim: WaSim; qrStore: QrStore; chatter: DemoChatter; aiConfig: DemoAiConfig }) {
  return async (app: FastifyInstance): Promise<void> => {
    await app.register(async (r) => {
      r.addHook('preHandler', app.authenticate)
      r.get('/', async () => ({ enabled: true }))

      r.post('/scan', { preHandler: requireRole('admin') }, async (req, reply) => {
        const { qr } = await deps.qrStore.get(req.auth.tenantId)
        if (!qr) throw conflict('demo.no_qr', 'There is no QR code to scan. Press "Connect WhatsApp" first.')
        const tenant = await tenantsRepository.get(deps.db, req.auth.tenantId)
        const phone = deps.sim.createPhone({ pushName: tenant?.name ?? 'Toko Demo' })
        await phone.scan(qr.code)
        // A shop that skipped the profile gets the demo café's menu and auto-reply, so the visitor
        // sees the AI answer the simulated customers; anything the owner already set is kept.
        const config = await deps.aiConfig.get(req.auth.tenantId)
        if (config.updatedAt.getTime() === 0 && !config.profile.menu && !config.priceList.length) {
          const { priceList, ...profile } = DEMO_PROFILE
          await deps.aiConfig.update(req.auth.tenantId, { profile, priceList, autoReply: true, enabledModes: ['faq', 'order'] })
        }
        return reply.status(204).send()
      })

      r.post('/customer-message', async (req, reply) => {
        const body = parseInput(CustomerMessage, req.body)
        const session = await sessionsRepository.get(deps.db, req.auth.tenantId)
        if (session?.state !== 'connected' || !session.phone) throw conflict('demo.not_connected', 'Connect the simulated phone first.')
        await deps.chatter.writeAs(session.phone, body.text, body.customerName)
        return reply.status(204).send()
      })
    }, { prefix: '/demo' })
  }
}
