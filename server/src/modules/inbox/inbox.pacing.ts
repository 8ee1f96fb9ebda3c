// Send pacing per WhatsApp number (one tenant = one number). Bursts of messages to people who did
// not write first are what gets numbers banned, so those go through a token bucket with random
// jitter between sends and a daily cap on first messages to numbers that never wrote to the shop.
// Replies to a customer who wrote in the last 24 hours are never paced: they take their own lane
// and overtake anything the bucket holds back. The bucket and the day's count live in Redis,
// changed by one script per send, so they survive a gateway restart (no fresh burst, no fresh
// daily cap) and hold across gateway processes: a session moving to another gateway, or two
// gateways racing for it, still share one budget per number.
import type { Redis } from 'ioredis'

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

// KEYS: bucket hash, today's first-contact counter. ARGV: now, perMinute, burst, jitter (this
// send's, ms), firstContact (1/0), newContactsPerDay, end of today (ms).
// Returns 0 when a send was taken (the state updated), else the ms until one may go (nothing
// changed: refill is a function of the stored tokens and time, so it need not be written).
const TAKE = `
local now = tonumber(ARGV[1])
local rate = tonumber(ARGV[2]) / 60000
local burst = tonumber(ARGV[3])
local s = redis.call('HMGET', KEYS[1], 'tokens', 'at', 'nb')
local tokens = tonumber(s[1]) or burst
local at = tonumber(s[2]) or now
local nb = tonumber(s[3]) or 0
tokens = math.min(burst, tokens + math.max(0, now - at) * rate)
local first = ARGV[5] == '1'
if first and (tonumber(redis.call('GET', KEYS[2])) or 0) >= tonumber(ARGV[6]) then return tonumber(ARGV[7]) - now end
local wait = nb - now
if tokens < 1 then wait = math.max(wait, math.ceil((1 - tokens) / rate)) end
if wait > 0 then return math.ceil(wait) end
redis.call('HSET', KEYS[1], 'tokens', tostring(tokens - 1), 'at', tostring(now), 'nb', tostring(now + tonumber(ARGV[4])))
redis.call('PEXPIRE', KEYS[1], 86400000)
if first then
  redis.call('INCR', KEYS[2])
  redis.call('PEXPIRE', KEYS[2], 2 * 86400000)
end
return 0`

type PacerRedis = Redis & { warta_pacingTake(bucket: string, day: string, ...args: string[]): Promise<number> }

export class SendPacer {
  private readonly redis: PacerRedis

  constructor(redis: Redis, private readonly prefix: string, private readonly config: PacingConfig,
    private readonly now: () => number = Date.now, private readonly random: () => number = Math.random) {
    if (!('warta_pacingTake' in redis)) redis.defineCommand('warta_pacingTake', { numberOfKeys: 2, lua: TAKE })
    this.redis = redis as PacerRedis
  }

  /** Is this an answer to a customer who wrote in the last 24 h (never paced)? */
  isReply(lastCustomerMessageAt: Date | null): boolean {
    return lastCustomerMessageAt !== null && this.now() - lastCustomerMessageAt.getTime() < REPLY_WINDOW_MS
  }

  /**
   * Takes a paced send now and returns 0, or returns how many ms until one may go (nothing taken).
   * `firstContact`: the number never wrote to the shop, so the daily cap (per UTC day) applies too.
   * Buckets are per device (the linked number WhatsApp watches for bulk sending); a tenant's first
   * device has id = tenant id, so its bucket is the one the tenant had before.
   */
  async take(deviceId: string, firstContact: boolean): Promise<number> {
    const now = this.now()
    const day = new Date(now).toISOString().slice(0, 10)
    const endOfDay = Date.parse(`${day}T00:00:00.000Z`) + 86_400_000
    const jitter = Math.round(this.random() * this.config.jitterMs)
    return this.redis.warta_pacingTake(`${this.prefix}:pacing:${deviceId}`, `${this.prefix}:pacing-new:${deviceId}:${day}`,
      String(now), String(this.config.perMinute), String(this.config.burst), String(jitter), firstContact ? '1' : '0',
      String(this.config.newContactsPerDay), String(endOfDay))
  }
}
