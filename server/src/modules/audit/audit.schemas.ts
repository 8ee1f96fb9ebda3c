import { z } from 'zod'
import { IsoTime, named, Uuid } from '../../shared/http-schemas.js'

export const AuditEvent = named('AuditEvent', z.object({
  id: Uuid, at: IsoTime,
  actor: z.object({ type: z.enum(['user', 'api_key', 'system']), id: z.string().nullable(), name: z.string().nullable().meta({ description: 'The name the person had then.' }) }),
  action: z.string().meta({ description: 'e.g. message.sent, conversation.assigned, conversation.status_changed, settings.updated, api_key.created, team.invited.' }),
  target: z.object({ type: z.string(), id: z.string() }).nullable(),
  details: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])),
}).meta({ description: 'Who did what, when. Never message text or secrets.' }))
