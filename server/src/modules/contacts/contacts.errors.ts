import { badRequest, RateLimitedError } from '../../shared/errors.js'

export const invalidNumbers = (indexes: number[]) => badRequest('contacts.invalid_number', 'Write every number in international format (E.164), e.g. +6281234567890.',
  indexes.map((i) => ({ path: `numbers.${i}`, code: 'contacts.invalid_number', message: 'Not a valid E.164 number.' })))
export const checksRateLimited = (seconds: number) =>
  new RateLimitedError('contacts.check_rate_limited', `Too many number checks for this shop (many checks in a row look like a scraper to WhatsApp). Try again in ${seconds} seconds.`, seconds)
