// The realtime socket: auth as the first message, capped exponential backoff, catch-up after a
// reconnect, token renewal on 4401, no reconnect after stop().
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { AUTH_REJECTED, backoffDelay, ReconnectingSocket, type SocketLike, type SocketStatus } from '~/utils/reconnecting-socket'

class FakeSocket implements SocketLike {
  readyState = 0
  sent: string[] = []
  closedWith: number | null = null
  onopen: SocketLike['onopen'] = null
  onmessage: SocketLike['onmessage'] = null
  onclose: SocketLike['onclose'] = null
  onerror: SocketLike['onerror'] = null
  constructor(readonly url: string) {}
  send(data: string) { this.sent.push(data) }
  close(code = 1000) { this.closedWith = code; this.readyState = 3 }
  // server side
  open() { this.readyState = 1; this.onopen?.({}) }
  receive(msg: unknown) { this.onmessage?.({ data: JSON.stringify(msg) }) }
  drop(code = 1006) { this.readyState = 3; this.onclose?.({ code }) }
}

let sockets: FakeSocket[]
let statuses: SocketStatus[]
let token: string | null
const last = () => sockets[sockets.length - 1]!

function make(extra: Partial<ConstructorParameters<typeof ReconnectingSocket>[0]> = {}) {
  const onEvent = vi.fn()
  const onReady = vi.fn()
  const s = new ReconnectingSocket({
    url: () => 'ws://shop.test/api/v1/events',
    createSocket: (url) => { const f = new FakeSocket(url); sockets.push(f); return f },
    getToken: () => token,
    onEvent, onReady,
    onStatus: (st) => statuses.push(st),
    random: () => 0.5, // no jitter
    ...extra,
  })
  return { s, onEvent, onReady }
}

beforeEach(() => {
  vi.useFakeTimers()
  sockets = []
  statuses = []
  token = 'tok-1'
})
afterEach(() => vi.useRealTimers())

describe('backoffDelay', () => {
  it('doubles from 500 ms and caps at 15 s', () => {
    const none = () => 0.5
    expect([0, 1, 2, 3, 4, 5, 6, 10].map((n) => backoffDelay(n, undefined, none))).toEqual([500, 1000, 2000, 4000, 8000, 15000, 15000, 15000])
  })
  it('spreads reconnects by ±25 % so a server restart is not hit by every tab at once', () => {
    expect(backoffDelay(2, undefined, () => 0)).toBe(1500)
    expect(backoffDelay(2, undefined, () => 1)).toBe(2500)
  })
})

describe('ReconnectingSocket', () => {
  it('authenticates with the first message and never puts the token in the URL', () => {
    const { s, onReady } = make()
    s.start()
    expect(last().url).toBe('ws://shop.test/api/v1/events')
    last().open()
    expect(JSON.parse(last().sent[0]!)).toEqual({ type: 'auth', token: 'tok-1' })
    last().receive({ type: 'ready' })
    expect(s.status).toBe('open')
    expect(onReady).toHaveBeenCalledWith(false)
  })

  it('passes events on and ignores pongs', () => {
    const { s, onEvent } = make()
    s.start()
    last().open()
    last().receive({ type: 'ready' })
    last().receive({ type: 'pong' })
    last().receive({ type: 'message.created', tenantId: 't', at: 'x', data: { a: 1 } })
    expect(onEvent).toHaveBeenCalledOnce()
    expect(onEvent.mock.calls[0]![0]).toMatchObject({ type: 'message.created', data: { a: 1 } })
  })

  it('reconnects with growing delays, then resets the backoff and asks for a catch-up', () => {
    const { s, onReady } = make()
    s.start()
    last().open()
    last().receive({ type: 'ready' })
    last().drop()
    expect(s.status).toBe('down')
    expect(sockets).toHaveLength(1)
    vi.advanceTimersByTime(499)
    expect(sockets).toHaveLength(1)
    vi.advanceTimersByTime(1)
    expect(sockets).toHaveLength(2) // after 500 ms
    last().drop()
    vi.advanceTimersByTime(999)
    expect(sockets).toHaveLength(2)
    vi.advanceTimersByTime(1)
    expect(sockets).toHaveLength(3) // after 1000 ms
    last().open()
    last().receive({ type: 'ready' })
    expect(s.status).toBe('open')
    expect(onReady).toHaveBeenLastCalledWith(true)
    expect(s.attempt).toBe(0)
    last().drop()
    vi.advanceTimersByTime(500)
    expect(sockets).toHaveLength(4) // back to 500 ms
  })

  it('reports "connecting" the first time and "down" while reconnecting', () => {
    const { s } = make()
    s.start()
    last().open()
    last().receive({ type: 'ready' })
    last().drop()
    vi.advanceTimersByTime(500)
    expect(statuses).toEqual(['connecting', 'open', 'down'])
  })

  it('renews the token when the server refuses it (4401) and reconnects with the new one', async () => {
    const renewToken = vi.fn(async () => { token = 'tok-2'; return token })
    const { s } = make({ renewToken })
    s.start()
    last().open()
    last().drop(AUTH_REJECTED)
    await vi.waitFor(() => expect(renewToken).toHaveBeenCalledOnce())
    await vi.advanceTimersByTimeAsync(500)
    last().open()
    expect(JSON.parse(last().sent[0]!)).toEqual({ type: 'auth', token: 'tok-2' })
  })

  it('gives up when the token cannot be renewed (session over)', async () => {
    const renewToken = vi.fn(async () => null)
    const { s } = make({ renewToken })
    s.start()
    last().open()
    last().drop(AUTH_REJECTED)
    await vi.advanceTimersByTimeAsync(60_000)
    expect(sockets).toHaveLength(1)
    expect(s.status).toBe('idle')
  })

  it('re-authenticates on the open socket when the access token is refreshed', () => {
    const { s } = make()
    s.start()
    last().open()
    last().receive({ type: 'ready' })
    s.reauth('tok-9')
    expect(JSON.parse(last().sent.at(-1)!)).toEqual({ type: 'auth', token: 'tok-9' })
  })

  it('pings, and closes a link that stays silent so it can reconnect', () => {
    const { s } = make({ pingIntervalMs: 1000 })
    s.start()
    last().open()
    last().receive({ type: 'ready' })
    vi.advanceTimersByTime(1000)
    expect(JSON.parse(last().sent.at(-1)!)).toEqual({ type: 'ping' })
    vi.advanceTimersByTime(2000)
    expect(last().closedWith).toBe(4000)
  })

  it('stays closed after stop()', () => {
    const { s } = make()
    s.start()
    last().open()
    last().receive({ type: 'ready' })
    s.stop()
    expect(last().closedWith).toBe(1000)
    vi.advanceTimersByTime(60_000)
    expect(sockets).toHaveLength(1)
    expect(s.status).toBe('idle')
  })
})
