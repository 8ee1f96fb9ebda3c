// Writes the audit log for the API's changing requests, from one table of routes: the entry is
// made once the handler succeeded and before the response leaves (onSend), so whoever saw the
// response can already read it. That is after the change committed: a failing entry then answers
// 500 for a change that was made. A chat's team changes, replies, notes and follow-up cancels
// moved into their own transactions (audit.service.ts); the routes left here are to follow the
// same way. What goes into `details` is picked field by field — setting names, a new role, a
// status — never message text, a password, a key or a token.
import type { FastifyInstance } from 'fastify'
import { actorOf } from '../../shared/actor.js'
import type { AuditDetails, AuditEntry, AuditService } from './audit.service.js'

type Body = Record<string, unknown>
interface Seen { params: Record<string, string>; body: Body; response: Body }
type Rule = (seen: Seen) => AuditEntry[]

const str = (v: unknown): string | null => (typeof v === 'string' ? v : null)
const one = (action: string, targetType?: string, targetId?: string | null, details: AuditDetails = {}): AuditEntry[] =>
  [{ action, ...(targetType && targetId ? { targetType, targetId } : {}), details }]

const deletedCounts = ({ deleted }: Body): AuditDetails => {
  const d = (deleted && typeof deleted === 'object' ? deleted : {}) as Body
  const n = (v: unknown) => (typeof v === 'number' ? v : null)
  return { conversations: n(d.conversations), messages: n(d.messages), files: n(d.files) }
}

/** The audited routes, by method and full URL pattern. */
const RULES: Record<string, Rule> = {
  // Take-over, hand-back and PATCH /conversations/:id (assignee, status, snooze) are audited
  // inside their own transaction (the inbox's `chat.changed` event), as are replies in a chat
  // (POST /conversations/:id/messages), notes and a follow-up's cancelling — not here.
  'POST /api/v1/messages': ({ response }) => one('message.sent', 'message', str(response.id), { via: 'api' }),
  // Which settings changed, by name (the profile, AI settings and follow-up rules all live here).
  'PUT /api/v1/ai-config': ({ body }) => one('settings.updated', 'settings', 'ai-config', { fields: Object.keys(body).sort().join(',') }),
  'PUT /api/v1/inbox/team-settings': ({ body }) => one('settings.updated', 'settings', 'team', { fields: Object.keys(body).sort().join(',') }),
  'POST /api/v1/ai-config/price-list/import': ({ body, response }) => (body.dryRun || !response.saved ? [] : one('settings.price_list_imported', 'settings', 'ai-config')),
  'POST /api/v1/api-keys': ({ response }) => one('api_key.created', 'api_key', str((response.key as Body | undefined)?.id), { name: str((response.key as Body | undefined)?.name) }),
  'DELETE /api/v1/api-keys/:id': ({ params }) => one('api_key.revoked', 'api_key', params.id),
  'POST /api/v1/team': ({ body, response }) => one('team.invited', 'user', str((response.member as Body | undefined)?.id), { role: str(body.role) }),
  'DELETE /api/v1/team/:id': ({ params }) => one('team.removed', 'user', params.id),
  'PATCH /api/v1/team/:id': ({ params, body }) => one('team.role_changed', 'user', params.id, { role: str(body.role) }),
  // How much went, as counts: the customer's name, number and messages are gone and stay out of the log.
  'DELETE /api/v1/customers/:id': ({ params, response }) => one('customer.deleted', 'contact', params.id, deletedCounts(response)),
  'DELETE /api/v1/conversations/:id': ({ params, response }) => one('conversation.deleted', 'conversation', params.id, deletedCounts(response)),
  'POST /api/v1/webhooks': ({ response }) => one('webhook.created', 'webhook', str(response.id)),
  'PATCH /api/v1/webhooks/:id': ({ params }) => one('webhook.updated', 'webhook', params.id),
  'DELETE /api/v1/webhooks/:id': ({ params }) => one('webhook.deleted', 'webhook', params.id),
  'POST /api/v1/webhooks/:id/rotate-secret': ({ params }) => one('webhook.secret_rotated', 'webhook', params.id),
  'POST /api/v1/device/disconnect': () => one('device.disconnected'),
  'POST /api/v1/device/logout': () => one('device.logged_out'),
}

const asObject = (v: unknown): Body => (v && typeof v === 'object' && !Array.isArray(v) ? v as Body : {})

function parseResponse(payload: unknown): Body {
  if (typeof payload !== 'string' || !payload.startsWith('{')) return {}
  try { return asObject(JSON.parse(payload)) } catch { return {} }
}

/** Adds the audit trail to `app` (every route registered on it, whatever the plugin). */
export function registerAuditTrail(app: FastifyInstance, audit: Pick<AuditService, 'record'>): void {
  app.addHook('onSend', async (req, reply, payload) => {
    if (reply.statusCode >= 400 || !req.auth) return payload
    const rule = RULES[`${req.method} ${(req.routeOptions.url ?? '').replace(/\/$/, '')}`]
    if (!rule) return payload
    const entries = rule({ params: asObject(req.params) as Record<string, string>, body: asObject(req.body), response: parseResponse(payload) })
    await audit.record(req.auth.tenantId, actorOf(req.auth), entries)
    return payload
  })
}
