import { z } from 'zod'
import { IsoTime, named, Uuid } from '../../shared/http-schemas.js'
import { Role } from '../auth/auth.schemas.js'

export const TeamMember = named('TeamMember', z.object({ id: Uuid, email: z.string(), name: z.string(), role: Role, createdAt: IsoTime }))
export const InvitedMember = named('InvitedMember', z.object({
  member: TeamMember,
  temporaryPassword: z.string().meta({ description: 'Shown once; the member must replace it at first login.' }),
}))
export const PasswordResetLink = named('PasswordResetLink', z.object({
  token: z.string(), path: z.string().meta({ description: 'The one-time link (the token travels in the URL fragment).' }), expiresAt: IsoTime,
}))
