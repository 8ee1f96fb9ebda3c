import { z } from 'zod'
import { named } from '../../shared/http-schemas.js'

/** Numbers checked in one request: small, so a check never looks like a scrape to WhatsApp. */
export const MAX_NUMBERS_PER_CHECK = 20

export const CheckNumbersBody = z.strictObject({
  /** E.164, e.g. "+6281234567890" (spaces and dashes are tolerated). */
  numbers: z.array(z.string().trim().min(1).max(32)).min(1, 'Give at least one number.').max(MAX_NUMBERS_PER_CHECK, `At most ${MAX_NUMBERS_PER_CHECK} numbers per check.`),
})
export type CheckNumbersBody = z.infer<typeof CheckNumbersBody>

export const NumberCheckResult = named('NumberCheckResult', z.object({
  /** The number as E.164 ("+6281234567890"). */
  number: z.string(),
  onWhatsApp: z.boolean(),
}))
export const CheckNumbersResponse = named('CheckNumbersResponse', z.object({ results: z.array(NumberCheckResult) }))
export type CheckNumbersResponse = z.infer<typeof CheckNumbersResponse>
