// The realtime socket behind useEventsStore: connects, authenticates with the first message,
// keeps itself alive with pings, and reconnects on its own with capped exponential backoff.
// Pure (socket factory, timers and randomness are injected): test/unit/reconnecting-socket.test.ts.
import type { ServerEvent } from '../types/api'

export interface SocketLike {
  readonly readyState: number
  send(data: string): void
  close(code?: number, reason?: string): void
  onopen: ((ev: unknown) => void) | null
  onmessage: ((ev: { data: unknown }) => void) | null
  onclose: ((ev: { code: number; reason?: string }) => void) | null
  onerror: ((ev: unknown) => void) | null
}

export type SocketStatus = 'idle' | 'connecting' | 'open' | 'down'

export interface Backoff { baseMs: number; maxMs: number; factor: number; jitter: number }
export const DEFAULT_BACKOFF: Backoff = { baseMs: 500, maxMs: 15_000, factor: 2, jitter: 0.25 }

/** Delay before reconnect attempt `attempt` (0-based): base·factor^attempt, capped, ± jitter. */
export function backoffDelay(attempt: number, b: Backoff = DEFAULT_BACKOFF, random: () => number = Math.random): number {
  const raw = Math.min(b.maxMs, b.baseMs * b.factor ** attempt)
  const spread = raw * b.jitter
  return Math.max(0, Math.round(raw - spread + random() * 2 * spread))
}

export interface ReconnectingSocketOptions {
  url: () => string
  createSocket: (url: string) => SocketLike
  getToken: () => string | null
  onEvent: (event: ServerEvent) => void
  onStatus?: (status: SocketStatus) => void
  /** Authenticated (after `{type:'ready'}`); `reconnected` is true after the first time, so the UI catches up. */
  onReady?: (reconnected: boolean) => void
  /** The server refused the token (close 4401): get a fresh one (refresh) or null to give up. */
  renewToken?: () => Promise<string | null>
  backoff?: Backoff
  random?: () => number
  setTimeout?: (fn: () => void, ms: number) => unknown
  clearTimeout?: (handle: unknown) => void
  setInterval?: (fn: () => void, ms: number) => unknown
  clearInterval?: (handle: unknown) => void
  pingIntervalMs?: number
}

const OPEN = 1
export const AUTH_REJECTED = 4401

export class ReconnectingSocket {
  status: SocketStatus = 'idle'
  /** Failed attempts since the last successful authentication. */
  attempt = 0
  private socket: SocketLike | null = null
  private retryTimer: unknown = null
  private pingTimer: unknown = null
  private lastHeard = 0
  private everReady = false
  private stopped = true
  private readonly o: Required<Omit<ReconnectingSocketOptions, 'onStatus' | 'onReady' | 'renewToken'>> & ReconnectingSocketOptions

  constructor(options: ReconnectingSocketOptions) {
    this.o = {
      backoff: DEFAULT_BACKOFF,
      random: Math.random,
      setTimeout: (fn, ms) => globalThis.setTimeout(fn, ms),
      clearTimeout: (h) => globalThis.clearTimeout(h as ReturnType<typeof setTimeout>),
      setInterval: (fn, ms) => globalThis.setInterval(fn, ms),
      clearInterval: (h) => globalThis.clearInterval(h as ReturnType<typeof setInterval>),
      pingIntervalMs: 25_000,
      ...options,
    }
  }

  start(): void {
    if (!this.stopped) return
    this.stopped = false
    this.attempt = 0
    this.open()
  }

  /** Closes for good (logout); no reconnect. */
  stop(): void {
    this.stopped = true
    this.clearTimers()
    const s = this.socket
    this.socket = null
    if (s) {
      s.onclose = null
      s.onmessage = null
      s.onerror = null
      try { s.close(1000, 'bye') } catch { /* already closed */ }
    }
    this.everReady = false
    this.setStatus('idle')
  }

  /** A refreshed access token: re-authenticate on the same socket. */
  reauth(token: string): void {
    if (this.socket?.readyState === OPEN) this.socket.send(JSON.stringify({ type: 'auth', token }))
  }

  private setStatus(s: SocketStatus): void {
    if (this.status === s) return
    this.status = s
    this.o.onStatus?.(s)
  }

  private open(): void {
    if (this.stopped) return
    this.setStatus(this.everReady || this.attempt > 0 ? 'down' : 'connecting')
    let socket: SocketLike
    try {
      socket = this.o.createSocket(this.o.url())
    } catch {
      this.scheduleRetry()
      return
    }
    this.socket = socket
    socket.onopen = () => {
      const token = this.o.getToken()
      if (!token) {
        socket.close(AUTH_REJECTED, 'no token')
        return
      }
      socket.send(JSON.stringify({ type: 'auth', token }))
    }
    socket.onmessage = (ev) => this.onMessage(ev.data)
    socket.onerror = () => { /* onclose follows */ }
    socket.onclose = (ev) => {
      if (this.socket !== socket) return
      this.socket = null
      this.clearPing()
      if (this.stopped) return
      if (ev.code === AUTH_REJECTED && this.o.renewToken) {
        void this.o.renewToken().then((token) => {
          if (this.stopped) return
          if (token) this.scheduleRetry()
          else this.stop()
        })
        this.setStatus('down')
        return
      }
      this.scheduleRetry()
    }
  }

  private onMessage(raw: unknown): void {
    this.lastHeard = Date.now()
    let msg: { type?: string }
    try { msg = JSON.parse(String(raw)) } catch { return }
    if (msg.type === 'ready') {
      const reconnected = this.everReady
      this.everReady = true
      this.attempt = 0
      this.setStatus('open')
      this.startPing()
      this.o.onReady?.(reconnected)
      return
    }
    if (msg.type === 'pong') return
    if (typeof msg.type === 'string' && msg.type.includes('.')) this.o.onEvent(msg as ServerEvent)
  }

  private scheduleRetry(): void {
    if (this.stopped) return
    this.setStatus('down')
    const delay = backoffDelay(this.attempt, this.o.backoff, this.o.random)
    this.attempt += 1
    this.retryTimer = this.o.setTimeout(() => {
      this.retryTimer = null
      this.open()
    }, delay)
  }

  private startPing(): void {
    this.clearPing()
    this.lastHeard = Date.now()
    this.pingTimer = this.o.setInterval(() => {
      const s = this.socket
      if (!s || s.readyState !== OPEN) return
      // Two silent intervals: the connection is dead even if the browser hasn't noticed (sleep, Wi-Fi change).
      if (Date.now() - this.lastHeard > this.o.pingIntervalMs * 2.5) {
        s.close(4000, 'heartbeat timeout')
        return
      }
      s.send(JSON.stringify({ type: 'ping' }))
    }, this.o.pingIntervalMs)
  }

  private clearPing(): void {
    if (this.pingTimer !== null) this.o.clearInterval(this.pingTimer)
    this.pingTimer = null
  }

  private clearTimers(): void {
    this.clearPing()
    if (this.retryTimer !== null) this.o.clearTimeout(this.retryTimer)
    this.retryTimer = null
  }
}
