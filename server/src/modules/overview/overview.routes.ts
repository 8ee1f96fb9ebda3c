// /api/v1/overview: this week at a glance — conversations by mode and tag, messages per day (in
// the tenant's timezone), and hot leads still waiting for an answer. Plus the onboarding flag.
import type { FastifyInstance } from 'fastify'
import { and, desc, eq, gte, sql } from 'drizzle-orm'
import { z } from 'zod'
import { rowsOf, type Db } from '../../db/client.js'
import { requireRole } from '../../plugins/auth.js'
import { parseInput } from '../../shared/validation.js'
import { contacts, conversations } from '../inbox/inbox.tables.js'
import { toConversationSummary } from '../inbox/inbox.dto.js'
import { tenantsRepository, toTenantDto } from '../tenants/tenants.repository.js'

export function overviewRoutes(db: Db) {
  return async (app: FastifyInstance): Promise<void> => {
    await app.register(async (r) => {
      r.addHook('preHandler', app.authenticate)

      r.get('/overview', async (req) => {
        const tenantId = req.auth.tenantId
        const tenant = await tenantsRepository.get(db, tenantId)
        const tz = tenant?.timezone ?? 'Asia/Jakarta'
        const from = new Date(Date.now() - 7 * 86_400_000)
        const recent = and(eq(conversations.tenantId, tenantId), gte(conversations.lastMessageAt, from))
        const byMode = await db.select({ mode: conversations.mode, n: sql<number>`count(*)::int` }).from(conversations).where(recent).groupBy(conversations.mode)
        const byTag = rowsOf<{ tag: string; n: number }>(await db.execute(sql`select t.tag, count(*)::int as n from conversations c, jsonb_array_elements_text(c.tags) as t(tag)
          where c.tenant_id = ${tenantId} and c.last_message_at >= ${from.toISOString()} group by t.tag`))
        const perDay = rowsOf<{ day: string; dir: string; n: number }>(await db.execute(sql`select to_char(created_at at time zone ${tz}, 'YYYY-MM-DD') as day, direction as dir, count(*)::int as n
          from messages where tenant_id = ${tenantId} and created_at >= ${from.toISOString()} group by 1, 2 order by 1`))
        const days = [...Array(7)].map((_, i) => new Intl.DateTimeFormat('en-CA', { timeZone: tz }).format(new Date(Date.now() - (6 - i) * 86_400_000)))
        const hot = await db.select({ conversation: conversations, contact: contacts }).from(conversations)
          .innerJoin(contacts, eq(contacts.id, conversations.contactId))
          .where(and(eq(conversations.tenantId, tenantId), sql`${conversations.tags} @> '["hot_lead"]'::jsonb`, eq(conversations.lastMessageDirection, 'in')))
          .orderBy(desc(conversations.lastMessageAt)).limit(10)
        const modes = ['faq', 'order', 'complaint', 'other']
        return {
          range: { from: from.toISOString(), to: new Date().toISOString() },
          conversationsByMode: Object.fromEntries(modes.map((m) => [m, byMode.find((x) => x.mode === m)?.n ?? 0])),
          conversationsByTag: Object.fromEntries(byTag.map((x) => [x.tag, x.n])),
          messagesPerDay: days.map((date) => ({ date, in: perDay.find((p) => p.day === date && p.dir === 'in')?.n ?? 0, out: perDay.find((p) => p.day === date && p.dir === 'out')?.n ?? 0 })),
          hotLeadsWaiting: hot.map((h) => toConversationSummary(h.conversation, h.contact)),
        }
      })

      r.post('/tenant/onboarded', { preHandler: requireRole('admin') }, async (req) => {
        parseInput(z.strictObject({}).optional(), req.body)
        const tenant = await tenantsRepository.update(db, req.auth.tenantId, { onboardedAt: new Date() })
        return toTenantDto(tenant!)
      })
    })
  }
}
