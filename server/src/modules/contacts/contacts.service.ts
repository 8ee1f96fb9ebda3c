// Is a number on WhatsApp: asked through the tenant's own session (a usync contact query, as the
// phone does), a few numbers at a time and rate-limited per shop, because bursts of lookups for
// unknown numbers are one of the patterns WhatsApp bans accounts for. Answers are cached (see
// contacts.reachability.ts), and a cached number costs no budget.
import type { FixedWindowLimiter } from '../../shared/fixed-window-limiter.js'
import { isAppError } from '../../shared/errors.js'
import type { SessionControl } from '../sessions/sessions.types.js'
import { e164Digits } from '../messages/messages.service.js'
import type { CheckNumbersResponse } from './contacts.schemas.js'
import { checksRateLimited, invalidNumbers } from './contacts.errors.js'
import type { Reachability } from './contacts.reachability.js'

export class NumberCheckService {
  constructor(private readonly deps: { control: Pick<SessionControl, 'checkNumbers'>; limiter: FixedWindowLimiter; reach: Pick<Reachability, 'cached' | 'remember'> }) {}

  async check(tenantId: string, numbers: string[]): Promise<CheckNumbersResponse> {
    const bad: number[] = []
    const digits = numbers.map((n, i) => {
      try { return e164Digits(n) } catch (err) { if (isAppError(err)) { bad.push(i); return '' } throw err }
    })
    if (bad.length) throw invalidNumbers(bad)
    const found = await this.deps.reach.cached(tenantId, [...new Set(digits)])
    const unique = [...new Set(digits)].filter((d) => !found.has(d))
    // Every number asked counts against the shop's budget, so one request of twenty is twenty checks.
    for (let i = 0; i < unique.length; i++) {
      const wait = await this.deps.limiter.hit(tenantId)
      if (wait > 0) throw checksRateLimited(wait)
    }
    if (unique.length) {
      const answers = await this.deps.control.checkNumbers(tenantId, unique)
      const asked = new Map(answers.map((r) => [r.phone, r.onWhatsApp]))
      const complete = unique.map((phone) => ({ phone, onWhatsApp: asked.get(phone) === true }))
      await this.deps.reach.remember(tenantId, complete)
      for (const a of complete) found.set(a.phone, a.onWhatsApp)
    }
    return { results: digits.map((d) => ({ number: `+${d}`, onWhatsApp: found.get(d) === true })) }
  }
}
