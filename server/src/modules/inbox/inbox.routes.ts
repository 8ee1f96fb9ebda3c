// /api/v1/conversations and /api/v1/contacts: the inbox. Reads are open to every role of the
// tenant; replying, taking over and correcting tags need agent or higher.
import type { FastifyInstance } from 'fastify'
import { and, desc, eq, gt, ilike, lt, or, sql } from 'drizzle-orm'
import { z } from 'zod'
import type { Db } from '../../db/client.js'
import { requireRole } from '../../plugins/auth.js'
import { notFound } from '../../shared/errors.js'
import { parseInput } from '../../shared/validation.js'
import { customerInsights } from '../insights/insights.tables.js'
import type { FollowUpService } from '../followups/followups.service.js'
import { contacts, conversations } from './inbox.tables.js'
import type { InboxService } from './inbox.service.js'
import { decodeCursor, encodeCursor } from './cursor.js'
import { toContactDto, toConversationSummary, toInsightDto, toMessageDto } from './inbox.dto.js'

const Id = z.strictObject({ id: z.uuid({ message: 'Not a valid id.' }) })
const IdAndInsight = z.strictObject({ id: z.uuid(), insightId: z.uuid() })
const Page = { limit: z.coerce.number().int().min(1).max(100).default(30), cursor: z.string().max(200).optional() }
const ListQuery = z.strictObject({
  ...Page,
  tag: z.string().regex(/^[a-z0-9_]{1,40}$/).optional(),
  mode: z.enum(['faq', 'order', 'complaint', 'other']).optional(),
  intent: z.string().regex(/^[a-z0-9_]{1,60}$/).optional(),
  unread: z.enum(['true', 'false']).optional(),
  q: z.string().trim().max(100).optional(),
})
const ThreadQuery = z.strictObject(Page)
const ReplyBody = z.strictObject({ text: z.string().trim().min(1, 'Write a message first.').max(4096) })
const TagsBody = z.strictObject({ tags: z.array(z.string().regex(/^[a-z0-9_]{1,40}$/)).max(20) })
const NoBody = z.strictObject({}).optional()

export function inboxRoutes(deps: { db: Db; inbox: InboxService; followUps: FollowUpService }) {
  const { db, inbox } = deps
  return async (app: FastifyInstance): Promise<void> => {
    await app.register(async (r) => {
      r.addHook('preHandler', app.authenticate)
      const agent = { preHandler: requireRole('agent') }

      r.get('/conversations', async (req) => {
        const q = parseInput(ListQuery, req.query, 'query')
        const tenantId = req.auth.tenantId
        const cursor = decodeCursor(q.cursor)
        const term = q.q ? `%${q.q.replace(/[%_\\]/g, (m) => `\\${m}`)}%` : undefined
        const rows = await db.select({ conversation: conversations, contact: contacts }).from(conversations)
          .innerJoin(contacts, eq(contacts.id, conversations.contactId))
          .where(and(
            eq(conversations.tenantId, tenantId),
            q.mode ? eq(conversations.mode, q.mode) : undefined,
            q.intent ? eq(conversations.intent, q.intent) : undefined,
            q.tag ? sql`${conversations.tags} @> ${JSON.stringify([q.tag])}::jsonb` : undefined,
            q.unread === 'true' ? gt(conversations.unreadCount, 0) : undefined,
            term ? or(ilike(contacts.name, term), ilike(contacts.phone, term), ilike(conversations.lastMessageBody, term)) : undefined,
            cursor ? or(lt(conversations.updatedAt, cursor.at), and(eq(conversations.updatedAt, cursor.at), lt(conversations.id, cursor.id))) : undefined,
          ))
          .orderBy(desc(conversations.updatedAt), desc(conversations.id)).limit(q.limit + 1)
        const page = rows.slice(0, q.limit)
        const last = page.at(-1)
        return {
          items: page.map((x) => toConversationSummary(x.conversation, x.contact)),
          nextCursor: rows.length > q.limit && last ? encodeCursor(last.conversation.updatedAt, last.conversation.id) : null,
        }
      })

      r.get('/conversations/:id', async (req) => inbox.summary(req.auth.tenantId, parseInput(Id, req.params, 'params').id))

      r.get('/conversations/:id/messages', async (req) => {
        const { id } = parseInput(Id, req.params, 'params')
        const q = parseInput(ThreadQuery, req.query, 'query')
        return inbox.thread(req.auth.tenantId, id, q)
      })

      r.post('/conversations/:id/messages', agent, async (req, reply) => {
        const { id } = parseInput(Id, req.params, 'params')
        const { text } = parseInput(ReplyBody, req.body)
        const row = await inbox.reply(req.auth.tenantId, id, text, req.auth.role === 'agent' ? 'agent' : 'owner')
        return reply.status(202).send(toMessageDto(row))
      })

      r.post('/conversations/:id/takeover', agent, async (req) => { parseInput(NoBody, req.body); return inbox.setTakeover(req.auth.tenantId, parseInput(Id, req.params, 'params').id, true) })
      r.post('/conversations/:id/handback', agent, async (req) => { parseInput(NoBody, req.body); return inbox.setTakeover(req.auth.tenantId, parseInput(Id, req.params, 'params').id, false) })
      r.post('/conversations/:id/read', agent, async (req, reply) => {
        parseInput(NoBody, req.body)
        await inbox.markRead(req.auth.tenantId, parseInput(Id, req.params, 'params').id)
        return reply.status(204).send()
      })

      r.patch('/conversations/:id/insights/:insightId', agent, async (req) => {
        const { id, insightId } = parseInput(IdAndInsight, req.params, 'params')
        const { tags } = parseInput(TagsBody, req.body)
        return inbox.correctTags(req.auth.tenantId, id, insightId, tags)
      })

      r.get('/contacts/:id', async (req) => {
        const { id } = parseInput(Id, req.params, 'params')
        const tenantId = req.auth.tenantId
        const [contact] = await db.select().from(contacts).where(and(eq(contacts.tenantId, tenantId), eq(contacts.id, id)))
        if (!contact) throw notFound('contacts.not_found', 'No such customer.')
        const [conversation] = await db.select().from(conversations).where(and(eq(conversations.tenantId, tenantId), eq(conversations.contactId, id)))
        const insights = conversation
          ? await db.select().from(customerInsights).where(and(eq(customerInsights.tenantId, tenantId), eq(customerInsights.conversationId, conversation.id))).orderBy(desc(customerInsights.createdAt)).limit(100)
          : []
        const followUps = conversation ? (await deps.followUps.list(tenantId, { conversationId: conversation.id, limit: 50 })).items : []
        return { contact: toContactDto(contact), conversationId: conversation?.id ?? null, insights: insights.map(toInsightDto), followUps }
      })
    })
  }
}
