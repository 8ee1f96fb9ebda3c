import { z } from 'zod'
import { named, Uuid } from '../../shared/http-schemas.js'

const email = z.string().trim().max(254).pipe(z.email({ message: 'Enter a valid e-mail address.' }))
const password = z.string().min(8, 'Use at least 8 characters.').max(200)

export const RegisterBody = z.strictObject({
  businessName: z.string().trim().min(2, 'Enter the business name.').max(120),
  email,
  password,
  name: z.string().trim().min(1).max(120).optional(),
})

export const LoginBody = z.strictObject({
  email,
  password: z.string().min(1).max(200),
})

/** refresh and logout take no body; a JSON `{}` or nothing at all is fine. */
export const EmptyBody = z.strictObject({}).optional()

/** currentPassword may be left out only when replacing a temporary password (must change). */
export const ChangePasswordBody = z.strictObject({
  currentPassword: z.string().min(1).max(200).optional(),
  newPassword: password,
})

export const ResetRequestBody = z.strictObject({ email })

export const ResetPasswordBody = z.strictObject({
  token: z.string().min(1).max(300),
  newPassword: password,
})

export const Role = named('Role', z.enum(['owner', 'admin', 'agent', 'viewer']))
export const User = named('User', z.object({
  id: Uuid, email: z.string(), name: z.string(), role: Role,
  mustChangePassword: z.boolean().meta({ description: 'Signed in with a temporary password: the app asks for a new one before anything else.' }),
}))
export const Tenant = named('Tenant', z.object({ id: Uuid, name: z.string(), timezone: z.string(), onboarded: z.boolean() }))
export const Session = named('Session', z.object({
  accessToken: z.string().meta({ description: 'Send as `Authorization: Bearer …`.' }),
  expiresIn: z.number().int().meta({ description: 'Seconds until the access token expires.' }),
  user: User, tenant: Tenant,
}).meta({ description: 'A signed-in session; the refresh token travels only in the httpOnly cookie.' }))
export const Me = named('Me', z.object({ user: User, tenant: Tenant }))
export const PasswordResetAvailability = z.object({ email: z.boolean().meta({ description: 'Reset links can be sent by e-mail (SMTP is configured).' }) })
