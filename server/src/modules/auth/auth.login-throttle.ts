// Login attempts that slow an attacker down without locking the right person out.
//
// - Per (e-mail, IP) pair — or (e-mail, device) when the browser carries a device cookie from an
//   earlier successful login to that e-mail: the first few failures are free, then each attempt must wait
//   1 s, 2 s, 4 s … up to 15 min after the previous one. A right password clears the pair. The
//   wait is reserved atomically before the password is checked, so parallel guesses do not slip
//   through together.
// - Coarse caps per IP and per e-mail (failures per hour) stop spraying and botnets; devices that
//   have signed in to that e-mail before are exempt from both, so an attack on an owner's address
//   never keeps the owner's own phone out.
// E-mails and device ids are hashed in Redis keys; nothing personal is stored there.
import type { Redis } from 'ioredis'
import { sha256 } from '../../shared/crypto.js'

export interface LoginThrottleOptions {
  freeFailures: number
  ipFailuresPerHour: number
  emailFailuresPerHour: number
  baseDelayMs?: number
  maxDelayMs?: number
  /** How long a device stays "known" for an e-mail after a successful login. */
  knownDeviceTtlMs?: number
  /** The app's clock (ms); the back-off is measured with it. */
  now?: () => number
}

export interface LoginAttempt {
  email: string
  ip: string
  /** The browser's device cookie, if it sent one. */
  deviceId: string | undefined
}

export type Verdict = { ok: true; known: boolean } | { ok: false; retryAfterSeconds: number; why: 'pair' | 'ip' | 'email' }

const HOUR = 3_600_000

// KEYS[1] pair key. ARGV: now, free, base, max, ttl. Returns ms to wait (0: go, attempt counted).
const RESERVE = `
local now = tonumber(ARGV[1])
local nextAt = tonumber(redis.call('HGET', KEYS[1], 'next') or '0')
if now < nextAt then return nextAt - now end
local f = redis.call('HINCRBY', KEYS[1], 'f', 1)
local free = tonumber(ARGV[2])
local delay = 0
if f > free then delay = math.min(tonumber(ARGV[3]) * (2 ^ (f - free - 1)), tonumber(ARGV[4])) end
redis.call('HSET', KEYS[1], 'next', now + delay)
redis.call('PEXPIRE', KEYS[1], tonumber(ARGV[5]))
return 0
`

// KEYS[1] pair key. ARGV[1]: free failures. Gives back an attempt that never checked a password.
const RELEASE = `
local f = tonumber(redis.call('HGET', KEYS[1], 'f') or '0')
if f <= 0 then return 0 end
f = redis.call('HINCRBY', KEYS[1], 'f', -1)
if f <= tonumber(ARGV[1]) then redis.call('HSET', KEYS[1], 'next', 0) end
return 0
`

// KEYS: counters. ARGV[1]: window ms. Each counter starts its window on its first count.
const COUNT = `
for i, key in ipairs(KEYS) do
  if redis.call('INCR', key) == 1 then redis.call('PEXPIRE', key, tonumber(ARGV[1])) end
end
return 0
`

export class LoginThrottle {
  private readonly base: number
  private readonly max: number
  private readonly knownTtl: number

  constructor(private readonly redis: Redis, private readonly opts: LoginThrottleOptions) {
    this.base = opts.baseDelayMs ?? 1_000
    this.max = opts.maxDelayMs ?? 15 * 60_000
    this.knownTtl = opts.knownDeviceTtlMs ?? 180 * 24 * HOUR
  }

  private keys(a: LoginAttempt) {
    const email = sha256(a.email.trim().toLowerCase()).slice(0, 32)
    const device = a.deviceId ? sha256(a.deviceId).slice(0, 32) : undefined
    return {
      email,
      device,
      known: device ? `rl:login:known:${email}:${device}` : undefined,
      devicePair: device ? `rl:login:pair:${email}:dev:${device}` : undefined,
      ipPair: `rl:login:pair:${email}:ip:${a.ip}`,
      ipFailures: `rl:login:ip:${a.ip}`,
      emailFailures: `rl:login:email:${email}`,
    }
  }

  /** Decides whether this attempt may check a password now, and counts it. */
  async admit(a: LoginAttempt): Promise<Verdict> {
    const k = this.keys(a)
    const known = k.known ? (await this.redis.exists(k.known)) === 1 : false
    if (!known) {
      const [ip, email] = await Promise.all([this.overCap(k.ipFailures, this.opts.ipFailuresPerHour), this.overCap(k.emailFailures, this.opts.emailFailuresPerHour)])
      if (ip) return { ok: false, retryAfterSeconds: ip, why: 'ip' }
      if (email) return { ok: false, retryAfterSeconds: email, why: 'email' }
    }
    // Only a device already known for this e-mail gets a bucket of its own; an unknown cookie
    // (an attacker can make up as many as they like) shares the IP's.
    const pair = known ? k.devicePair! : k.ipPair
    const wait = Number(await this.redis.eval(RESERVE, 1, pair, (this.opts.now ?? Date.now)(), this.opts.freeFailures, this.base, this.max, 24 * HOUR))
    if (wait > 0) return { ok: false, retryAfterSeconds: Math.ceil(wait / 1000), why: 'pair' }
    return { ok: true, known }
  }

  /**
   * The attempt ended before the password was judged (the database was unreachable): it was no
   * guess, so it gives back what admit() reserved. Without this, logins during an outage piled
   * up as failures and the right password got a 429 once the outage was over.
   */
  async released(a: LoginAttempt, known: boolean): Promise<void> {
    const k = this.keys(a)
    await this.redis.eval(RELEASE, 1, known ? k.devicePair! : k.ipPair, this.opts.freeFailures)
  }

  /** The password was wrong: counts toward the coarse caps (the pair already counted it). */
  async failed(a: LoginAttempt): Promise<void> {
    const k = this.keys(a)
    await this.redis.eval(COUNT, 2, k.ipFailures, k.emailFailures, HOUR)
  }

  /** The password was right: the pair starts over and the device becomes known for this e-mail. */
  async succeeded(a: LoginAttempt & { deviceId: string }): Promise<void> {
    const k = this.keys(a)
    await this.redis.multi().del(k.devicePair!, k.ipPair).set(k.known!, '1', 'PX', this.knownTtl).exec()
  }

  /** Seconds left in the hour when `key` reached `max` failures, else 0. */
  private async overCap(key: string, max: number): Promise<number> {
    const [[, count], [, ttl]] = (await this.redis.multi().get(key).pttl(key).exec()) as [[null, string | null], [null, number]]
    return Number(count ?? 0) >= max ? Math.max(1, Math.ceil((ttl > 0 ? ttl : HOUR) / 1000)) : 0
  }
}
