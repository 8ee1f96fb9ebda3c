// Send pacing per WhatsApp number (one tenant = one number). Bursts of messages to people who did
// not write first are what gets numbers banned, so those go through a token bucket with random
// jitter between sends and a daily cap on first messages to numbers that never wrote to the shop.
// Replies to a customer who wrote in the last 24 hours are never paced: they take their own lane
// and overtake anything the bucket holds back. State lives in the gateway that holds the session
// (the only process that sends for it); a restart starts with a full bucket, which the burst size
// bounds, and a fresh daily count (documented: the cap is per gateway run and day).

/** How long the shop "types" before a send when SEND_TYPING_PRESENCE is on: about a fast typist, capped. */
export const typingMs = (text: string): number => Math.min(3000, Math.max(500, text.length * 30))

export interface PacingConfig {
  /** Paced sends per minute, sustained. */
  perMinute: number
  /** Paced sends allowed back to back before the rate applies. */
  burst: number
  /** Up to this much random extra wait after each paced send. */
  jitterMs: number
  /** First messages per day to numbers that never wrote to the shop. */
  newContactsPerDay: number
  /** Show 'typing…' before each send (SEND_TYPING_PRESENCE). */
  typingPresence?: boolean
}

/** Safe for a new number: about one message every 6–9 s, a handful at once, 50 new people a day. */
// The config defaults (SEND_PACING_*) match these.
export const DEFAULT_PACING: PacingConfig = { perMinute: 10, burst: 3, jitterMs: 3000, newContactsPerDay: 50 }

/** A reply to someone who wrote within this window is a conversation, not outreach. */
export const REPLY_WINDOW_MS = 24 * 3_600_000

interface Bucket { tokens: number; refilledAt: number; notBefore: number; day: string; newContacts: number }

export class SendPacer {
  private readonly buckets = new Map<string, Bucket>()

  constructor(private readonly config: PacingConfig, private readonly now: () => number = Date.now, private readonly random: () => number = Math.random) {}

  /** Is this an answer to a customer who wrote in the last 24 h (never paced)? */
  isReply(lastCustomerMessageAt: Date | null): boolean {
    return lastCustomerMessageAt !== null && this.now() - lastCustomerMessageAt.getTime() < REPLY_WINDOW_MS
  }

  private bucket(tenantId: string): Bucket {
    const now = this.now()
    const day = new Date(now).toISOString().slice(0, 10)
    let b = this.buckets.get(tenantId)
    if (!b) { b = { tokens: this.config.burst, refilledAt: now, notBefore: 0, day, newContacts: 0 }; this.buckets.set(tenantId, b) }
    const rate = this.config.perMinute / 60_000
    b.tokens = Math.min(this.config.burst, b.tokens + (now - b.refilledAt) * rate)
    b.refilledAt = now
    if (b.day !== day) { b.day = day; b.newContacts = 0 }
    return b
  }

  /**
   * Takes a paced send now and returns 0, or returns how many ms until one may go (nothing taken).
   * `firstContact`: the number never wrote to the shop, so the daily cap applies too.
   */
  take(tenantId: string, firstContact: boolean): number {
    const b = this.bucket(tenantId)
    const now = this.now()
    if (firstContact && b.newContacts >= this.config.newContactsPerDay) return Date.parse(`${b.day}T00:00:00.000Z`) + 86_400_000 - now
    const waitToken = b.tokens >= 1 ? 0 : Math.ceil((1 - b.tokens) / (this.config.perMinute / 60_000))
    const wait = Math.max(waitToken, b.notBefore - now)
    if (wait > 0) return wait
    b.tokens -= 1
    b.notBefore = now + this.random() * this.config.jitterMs
    if (firstContact) b.newContacts += 1
    return 0
  }

  /** When the `n`-th paced send from now (0 = the next) should go, at the sustained rate. */
  expectedAt(tenantId: string, n: number): Date {
    const b = this.bucket(tenantId)
    const now = this.now()
    const gap = 60_000 / this.config.perMinute + this.config.jitterMs / 2
    const ahead = Math.max(0, n + 1 - Math.floor(b.tokens))
    return new Date(Math.max(now, b.notBefore) + ahead * gap)
  }
}
