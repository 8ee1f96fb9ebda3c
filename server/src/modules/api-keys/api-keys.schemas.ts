import { z } from 'zod'
import { IsoTime, named, Uuid } from '../../shared/http-schemas.js'

/** What a key may do; a route names the one it needs (see plugins/auth.ts). */
export const API_SCOPES = ['messages:send', 'messages:read', 'contacts:read', 'contacts:write', 'device:manage', 'webhooks:manage'] as const
export type ApiScope = (typeof API_SCOPES)[number]

export const CreateApiKey = z.strictObject({
  name: z.string().trim().min(1, 'Give the key a name.').max(80),
  scopes: z.array(z.enum(API_SCOPES, { message: `Scopes are ${API_SCOPES.join(', ')}.` })).min(1, 'Pick at least one scope.').max(API_SCOPES.length)
    .transform((s) => [...new Set(s)]),
  /** Optional: the key stops working at this time (must be in the future). */
  expiresAt: z.iso.datetime({ offset: true, message: 'Use an ISO 8601 date-time.' }).optional(),
})
export type CreateApiKey = z.infer<typeof CreateApiKey>

export const ApiKeyId = z.strictObject({ id: z.uuid({ message: 'Not a valid id.' }) })

export const ApiKey = named('ApiKey', z.object({
  id: Uuid, name: z.string(), prefix: z.string().meta({ description: 'The visible start of the key, to recognise it.' }),
  scopes: z.array(z.enum(API_SCOPES)),
  expiresAt: IsoTime.nullable(), lastUsedAt: IsoTime.nullable(), revokedAt: IsoTime.nullable(), createdAt: IsoTime,
  status: z.enum(['active', 'expired', 'revoked']),
}).meta({ description: 'An API key; never carries the secret.' }))
export const CreatedApiKey = named('CreatedApiKey', z.object({
  key: ApiKey,
  secret: z.string().meta({ description: 'The key itself (`wk_live_…`): shown this once, stored only hashed.' }),
}))
