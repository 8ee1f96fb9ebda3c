// Access ends at once. Every access token carries the user's session version (`ver`) and its
// signed-in session, the refresh-token family (`sid`); every request and every events socket asks
// this guard whether both are still current. Answers are cached per process; a change (member
// removed, role changed, password changed, logout, family revoked) drops the cache entry here and
// is announced on Redis pub/sub so every other process drops its entry and re-checks its sockets.
//
// Ordering: `announce*` resolves only after this process has received its own announcement back
// from Redis. Redis writes a published message to every subscriber in the same pass, so by the
// time the caller answers its HTTP request, every other process has the invalidation on its
// socket ahead of any request the client sends next. While the subscription is down the cache is
// bypassed (every check reads the database) and it is emptied when the subscription returns.
import { randomUUID } from 'node:crypto'
import type { Redis } from 'ioredis'
import type { Db } from '../../db/client.js'
import type { Logger } from '../../shared/logger.js'
import { LruCache } from '../../shared/lru.js'
import { refreshTokensRepository, usersRepository } from './auth.repository.js'

export interface SessionClaims {
  tenantId: string
  userId: string
  /** The user's session version the token was issued at. */
  version: number
  /** The refresh-token family (one signed-in session). */
  sessionId: string
}

export type AccessChange =
  | { kind: 'user'; tenantId: string; userId: string }
  | { kind: 'sessions'; tenantId: string; sessionIds: string[] }

type Message = AccessChange & { nonce: string; origin: string }

export type AccessChangeListener = (change: AccessChange) => void

const ECHO_WAIT_MS = 2_000

export class SessionGuard {
  private readonly versions = new LruCache<number | null>(50_000)
  private readonly revoked = new LruCache<boolean>(50_000)
  /** Bumped by every invalidation, so a read that raced a change never caches the old answer. */
  private generation = 0
  private subscribed = false
  private readonly listeners = new Set<AccessChangeListener>()
  private readonly echoes = new Map<string, () => void>()
  private readonly origin = randomUUID()
  private readonly channel: string

  constructor(private readonly db: Db, private readonly pub: Redis, private readonly sub: Redis, prefix: string, private readonly logger: Logger) {
    this.channel = `${prefix}:access-changed`
    this.sub.on('message', (channel: string, raw: string) => { if (channel === this.channel) this.receive(raw) })
    // Anything announced while the subscription was down was missed: forget every cached answer.
    this.sub.on('ready', () => { if (this.subscribed) this.clear() })
    this.sub.on('close', () => { this.clear() })
  }

  async start(): Promise<void> {
    await this.sub.subscribe(this.channel)
    this.subscribed = true
  }

  /** True while the user exists at this version and the session was not ended. */
  async isCurrent(claims: SessionClaims, opts: { fresh?: boolean } = {}): Promise<boolean> {
    const useCache = this.subscribed && this.sub.status === 'ready' && !opts.fresh
    const generation = this.generation
    const userKey = `${claims.tenantId}:${claims.userId}`
    const sessionKey = `${claims.tenantId}:${claims.sessionId}`
    let version = useCache ? this.versions.get(userKey) : undefined
    if (version === undefined) {
      version = (await usersRepository.sessionVersion(this.db, claims.tenantId, claims.userId)) ?? null
      if (useCache && generation === this.generation) this.versions.set(userKey, version)
    }
    if (version !== claims.version) return false
    let ended = useCache ? this.revoked.get(sessionKey) : undefined
    if (ended === undefined) {
      ended = await refreshTokensRepository.familyRevoked(this.db, claims.tenantId, claims.sessionId)
      // Only "ended" is final; "still live" is cached too, and dropped by the next announcement.
      if (useCache && generation === this.generation) this.revoked.set(sessionKey, ended)
    }
    return !ended
  }

  /** The user was removed, or their role, password or version changed (after the database commit). */
  announceUser(tenantId: string, userId: string): Promise<void> {
    return this.announce({ kind: 'user', tenantId, userId })
  }

  /** These sessions (refresh families) ended (after the database commit). */
  announceSessions(tenantId: string, sessionIds: string[]): Promise<void> {
    return sessionIds.length ? this.announce({ kind: 'sessions', tenantId, sessionIds }) : Promise.resolve()
  }

  /** Sockets listen here to re-check themselves; returns the unsubscribe function. */
  onChange(listener: AccessChangeListener): () => void {
    this.listeners.add(listener)
    return () => { this.listeners.delete(listener) }
  }

  async close(): Promise<void> {
    for (const done of this.echoes.values()) done()
    this.echoes.clear()
    this.sub.disconnect()
    this.pub.disconnect()
  }

  private async announce(change: AccessChange): Promise<void> {
    this.apply(change)
    const nonce = randomUUID()
    const message: Message = { ...change, nonce, origin: this.origin }
    const echoed = new Promise<void>((resolve) => {
      const timer = setTimeout(() => { this.echoes.delete(nonce); resolve() }, ECHO_WAIT_MS)
      timer.unref()
      this.echoes.set(nonce, () => { clearTimeout(timer); resolve() })
    })
    // While Redis is away, every other process reads the database on each check (its subscription
    // is down too) and empties its cache when it is back: nothing to tell, and nothing to wait for.
    if (this.pub.status !== 'ready') {
      this.echoes.get(nonce)?.()
      return
    }
    try {
      await this.pub.publish(this.channel, JSON.stringify(message))
    } catch (err) {
      // The database is the truth; other processes bypass their caches while Redis is away.
      this.logger.warn({ err }, 'could not announce an access change')
      this.echoes.get(nonce)?.()
      return
    }
    if (this.subscribed) await echoed
    else this.echoes.get(nonce)?.()
  }

  private receive(raw: string): void {
    let message: Message
    try { message = JSON.parse(raw) as Message } catch { return }
    if (message.origin === this.origin) {
      const done = this.echoes.get(message.nonce)
      this.echoes.delete(message.nonce)
      done?.()
      return
    }
    this.apply(message)
  }

  private apply(change: AccessChange): void {
    this.generation += 1
    if (change.kind === 'user') this.versions.delete(`${change.tenantId}:${change.userId}`)
    else for (const id of change.sessionIds) this.revoked.delete(`${change.tenantId}:${id}`)
    for (const listener of this.listeners) {
      try { listener(change) } catch (err) { this.logger.error({ err }, 'access change listener failed') }
    }
  }

  private clear(): void {
    this.generation += 1
    this.versions.clear()
    this.revoked.clear()
  }
}
