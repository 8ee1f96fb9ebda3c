// PATCH /api/v1/conversations/:id: the team's handling of a chat — status, snooze, assignee.
// Agents and up; a viewer only reads.
import type { FastifyInstance } from 'fastify'
import { z } from 'zod'
import { requireRole } from '../../plugins/auth.js'
import { actorOf } from '../../shared/actor.js'
import { parseInput } from '../../shared/validation.js'
import { errors, NoQuery } from '../../shared/http-schemas.js'
import { ConversationSummary } from './inbox.schemas.js'
import type { InboxStatusService } from './inbox.status.js'

const Id = z.strictObject({ id: z.uuid({ message: 'Not a valid id.' }) })
const ChangeBody = z.strictObject({
  status: z.enum(['open', 'waiting', 'resolved']).optional(),
  snoozedUntil: z.iso.datetime({ offset: true, message: 'An ISO 8601 time, e.g. 2026-01-31T08:00:00+07:00.' }).nullable().optional(),
  assigneeId: z.uuid({ message: 'Not a valid user id.' }).nullable().optional(),
}).refine((b) => b.status !== undefined || b.snoozedUntil !== undefined || b.assigneeId !== undefined, { message: 'Say what to change: status, snoozedUntil or assigneeId.' })

const TeamSettingsBody = z.strictObject({ roundRobin: z.boolean() })
const TeamSettings = z.object({ roundRobin: z.boolean().meta({ description: 'New chats go in turn to teammates who are online (off by default).' }) })

export function inboxStatusRoutes(service: InboxStatusService) {
  return async (app: FastifyInstance): Promise<void> => {
    await app.register(async (r) => {
      r.addHook('preHandler', app.authenticate)
      r.patch('/conversations/:id', {
        preHandler: requireRole('agent'),
        schema: { summary: "Change a chat's status, snooze it, or assign it to a teammate", params: Id, body: ChangeBody, response: { 200: ConversationSummary, ...errors } },
      }, async (req) => {
        const { id } = parseInput(Id, req.params, 'params')
        const body = parseInput(ChangeBody, req.body)
        return service.change(req.auth.tenantId, id, {
          status: body.status,
          snoozedUntil: body.snoozedUntil === undefined ? undefined : body.snoozedUntil === null ? null : new Date(body.snoozedUntil),
          assigneeId: body.assigneeId,
        }, actorOf(req.auth))
      })

      r.get('/inbox/team-settings', { schema: { summary: 'How the team shares chats', querystring: NoQuery, response: { 200: TeamSettings, ...errors } } }, async (req) => {
        parseInput(z.strictObject({}), req.query, 'query')
        return service.settings(req.auth.tenantId)
      })
      r.put('/inbox/team-settings', { preHandler: requireRole('admin'), schema: { summary: 'Turn round-robin assignment on or off', body: TeamSettingsBody, response: { 200: TeamSettings, ...errors } } }, async (req) =>
        service.saveSettings(req.auth.tenantId, parseInput(TeamSettingsBody, req.body), actorOf(req.auth)))
    })
  }
}
