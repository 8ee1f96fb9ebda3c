// How an API error lands on a form: each `details[].path` on its field, codes that belong to one
// field (auth.email_taken → email) on that field, anything else as one message above the button.
// Pure (translation injected) so test/unit/form-errors.test.ts covers it without Nuxt.
import { isApiError, type ApiError } from './api-client'

/** Codes that belong to one field although the server sends no `details`. */
export const CODE_FIELD: Record<string, string> = {
  'auth.email_taken': 'email',
  'team.email_taken': 'email',
  'device.invalid_phone': 'phoneNumber',
  // A send to a number (POST /messages): the number is what to fix.
  'messages.invalid_number': 'to',
  'messages.not_on_whatsapp': 'to',
}

export interface Translate {
  t: (key: string, params?: Record<string, unknown>) => string
  te: (key: string) => boolean
}

/** One line for any error: errors.<code> when we have words for it, else a sensible fallback. */
export function errorMessage(e: unknown, { t, te }: Translate): string {
  if (!isApiError(e)) return t('errors.unknown')
  if (e.status === 0) return t('errors.network')
  // Every 429 says how long to wait, whichever limit it was.
  if (e.status === 429) return t('errors.rateLimitedWait', { n: e.retryAfter ?? 60 })
  if (te(`errors.${e.code}`)) return t(`errors.${e.code}`)
  if (e.status === 403) return t('errors.auth.forbidden')
  if (e.status >= 500) return t('errors.internal')
  return e.message || t('errors.unknown')
}

export function formErrors(e: unknown, tr: Translate, aliases: Record<string, string> = {}): { fields: Record<string, string>; general: string } {
  const fields: Record<string, string> = {}
  if (!isApiError(e)) return { fields, general: errorMessage(e, tr) }
  const err = e as ApiError
  for (const d of err.details) {
    const key = aliases[d.path] ?? d.path
    if (!fields[key]) fields[key] = tr.te(`validation.${d.code}`) ? tr.t(`validation.${d.code}`) : d.message
  }
  const field = CODE_FIELD[err.code]
  if (field) fields[aliases[field] ?? field] = errorMessage(err, tr)
  return { fields, general: Object.keys(fields).length === 0 ? errorMessage(err, tr) : '' }
}
