// Is a number on WhatsApp, for sends: numbers that wrote to the shop are; the rest are asked through
// the shop's session (counted against the same per-shop check budget as POST /contacts/check) and
// the answer is kept in Redis per shop and number, so a retried send or a batch does not ask again.
// While the session is down nobody can be asked: the answer is "unknown" and the send queues as before.
import type { Redis } from 'ioredis'
import { isAppError } from '../../shared/errors.js'
import type { FixedWindowLimiter } from '../../shared/fixed-window-limiter.js'
import type { SessionControl } from '../sessions/sessions.types.js'
import { checksRateLimited } from './contacts.errors.js'

export type Reach = 'yes' | 'no' | 'unknown'

/** A number that has WhatsApp rarely loses it; one that has not may register, so ask again sooner. */
const YES_TTL_S = 7 * 86_400
const NO_TTL_S = 3_600

export class Reachability {
  constructor(private readonly deps: {
    redis: Redis; control: Pick<SessionControl, 'checkNumbers'>; limiter: FixedWindowLimiter
    /** Of these numbers, the ones that wrote to the shop (the inbox knows). */
    wroteToShop: (tenantId: string, digits: string[]) => Promise<Set<string>>
    /** Is the shop's session up, so WhatsApp can be asked at all. */
    connected: (tenantId: string) => Promise<boolean>
  }) {}

  private key(tenantId: string, digits: string): string { return `wa-number:${tenantId}:${digits}` }

  /** Cached answers only (nothing asked, no budget used). */
  async cached(tenantId: string, digits: string[]): Promise<Map<string, boolean>> {
    if (!digits.length) return new Map()
    const values = await this.deps.redis.mget(...digits.map((d) => this.key(tenantId, d)))
    return new Map(digits.flatMap((d, i) => (values[i] === '1' || values[i] === '0' ? [[d, values[i] === '1'] as const] : [])))
  }

  async remember(tenantId: string, answers: Array<{ phone: string; onWhatsApp: boolean }>): Promise<void> {
    if (!answers.length) return
    const multi = this.deps.redis.multi()
    for (const a of answers) multi.set(this.key(tenantId, a.phone), a.onWhatsApp ? '1' : '0', 'EX', a.onWhatsApp ? YES_TTL_S : NO_TTL_S)
    await multi.exec()
  }

  /**
   * One answer per number. `overBudget`: 'refuse' throws the 429 (a single send the caller can
   * retry), 'unknown' leaves the numbers past the budget unchecked (a batch still goes out paced).
   */
  async lookup(tenantId: string, digits: string[], overBudget: 'refuse' | 'unknown'): Promise<Map<string, Reach>> {
    const unique = [...new Set(digits)]
    const out = new Map<string, Reach>()
    for (const d of await this.deps.wroteToShop(tenantId, unique)) out.set(d, 'yes')
    for (const [d, on] of await this.cached(tenantId, unique.filter((d) => !out.has(d)))) out.set(d, on ? 'yes' : 'no')
    let ask = unique.filter((d) => !out.has(d))
    if (ask.length && !(await this.deps.connected(tenantId))) ask = []
    const allowed: string[] = []
    for (const d of ask) {
      const wait = await this.deps.limiter.hit(tenantId)
      if (wait > 0) { if (overBudget === 'refuse') throw checksRateLimited(wait); break }
      allowed.push(d)
    }
    if (allowed.length) {
      try {
        const answers = await this.deps.control.checkNumbers(tenantId, allowed)
        const found = new Map(answers.map((a) => [a.phone, a.onWhatsApp]))
        const complete = allowed.map((phone) => ({ phone, onWhatsApp: found.get(phone) === true }))
        await this.remember(tenantId, complete)
        for (const a of complete) out.set(a.phone, a.onWhatsApp ? 'yes' : 'no')
      } catch (err) {
        // The session dropped between the state read and the query: same as offline.
        if (!isAppError(err) || !err.code.startsWith('device.')) throw err
      }
    }
    for (const d of unique) if (!out.has(d)) out.set(d, 'unknown')
    return out
  }
}
