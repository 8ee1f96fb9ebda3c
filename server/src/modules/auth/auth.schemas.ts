import { z } from 'zod'

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
