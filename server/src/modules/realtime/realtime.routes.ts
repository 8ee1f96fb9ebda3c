// WebSocket /api/v1/events. The access token travels in the first message, never in the URL (URLs
// end up in proxy logs). A socket only ever receives its own tenant's events; it is closed when
// its token expires unless the client re-authenticates on the same socket. When the session
// guard announces a change for its user or session (removed, role or password changed, logged
// out, family revoked) the socket re-checks itself and closes with 4401 if its token is no longer
// current; the client then refreshes (a new role gets a new token) or, if that fails, signs in.
import type { FastifyInstance } from 'fastify'
import type { WebSocket } from 'ws'
import type { AuthContext } from '../../plugins/auth.js'
import type { RedisEventBus } from './realtime.bus.js'
import type { Presence } from './realtime.presence.js'
import { NoContent } from '../../shared/http-schemas.js'

const AUTH_TIMEOUT_MS = 10_000
const HEARTBEAT_MS = 30_000
const EXPIRY_GRACE_MS = 30_000

export function eventsRoutes(bus: RedisEventBus, presence?: Presence) {
  return async (app: FastifyInstance): Promise<void> => {
    app.get('/events', {
      websocket: true,
      schema: {
        summary: 'Realtime events (WebSocket): send `{ "type": "auth", "token": "<access token>" }` first; docs/API.md lists the events',
        tags: ['events'], security: [], websocket: true, response: { 101: NoContent },
      },
    }, (socket: WebSocket, req) => {
      let auth: AuthContext | undefined
      let unsubscribe: (() => Promise<void>) | undefined
      // This socket's place in the team's presence (online while it is open).
      let here: Awaited<ReturnType<Presence['join']>> | undefined
      let closed = false
      let expiryTimer: NodeJS.Timeout | undefined
      let alive = true
      // While a change for this socket's user or session is being checked, no event goes out.
      let suspended = false
      const stopWatching = app.sessionGuard.onChange((change) => {
        const current = auth
        if (!current || change.tenantId !== current.tenantId) return
        if (change.kind === 'user' ? change.userId !== current.userId : !change.sessionIds.includes(current.sessionId)) return
        suspended = true
        void app.sessionGuard.isCurrent(current, { fresh: true }).then((ok) => {
          if (ok || auth !== current) suspended = false
          else socket.close(4401, 'session ended')
        }, () => socket.close(4401, 'session check failed'))
      })
      const send = (msg: unknown) => { if (socket.readyState === socket.OPEN) socket.send(JSON.stringify(msg)) }
      const authTimer = setTimeout(() => socket.close(4401, 'authenticate first'), AUTH_TIMEOUT_MS)
      const heartbeat = setInterval(() => {
        if (!alive) { socket.terminate(); return }
        alive = false
        socket.ping()
        void here?.touch().catch(() => {})
      }, HEARTBEAT_MS)
      socket.on('pong', () => { alive = true })

      // Handlers are attached synchronously: messages arriving during async work are not lost.
      socket.on('message', (raw) => {
        let msg: { type?: unknown; token?: unknown }
        try { msg = JSON.parse(String(raw)) as typeof msg } catch { socket.close(4400, 'messages must be JSON'); return }
        // `null`, a number or an array is valid JSON too: reading `.type` of null threw out of
        // this listener, an uncaught exception any unauthenticated client could cause.
        if (typeof msg !== 'object' || msg === null || Array.isArray(msg)) { socket.close(4400, 'messages must be JSON objects'); return }
        if (msg.type === 'ping') return send({ type: 'pong' })
        if (msg.type !== 'auth' || typeof msg.token !== 'string') { socket.close(4400, 'unknown message'); return }
        const token = msg.token
        void app.authenticateToken(token).then((ctx) => accept(ctx, token), () => socket.close(4401, 'invalid, expired or ended session'))
      })
      const accept = (ctx: AuthContext, token: string) => {
        if (socket.readyState !== socket.OPEN) return
        if (auth && auth.tenantId !== ctx.tenantId) { socket.close(4403, 'tenant changed'); return }
        if (ctx.mustChangePassword) { socket.close(4403, 'password change required'); return }
        clearTimeout(authTimer)
        clearTimeout(expiryTimer)
        const exp = (app.jwt.decode<{ exp?: number }>(token)?.exp ?? 0) * 1000
        expiryTimer = setTimeout(() => socket.close(4401, 'token expired'), Math.max(0, exp - Date.now()) + EXPIRY_GRACE_MS)
        expiryTimer.unref()
        const first = !auth
        auth = ctx
        if (!first) return send({ type: 'ready' })
        req.log.debug({ tenantId: ctx.tenantId }, 'events socket authenticated')
        void bus.subscribe(ctx.tenantId, (event) => { if (!suspended) send(event) }).then((off) => {
          if (socket.readyState !== socket.OPEN) { void off(); return }
          unsubscribe = off
          send({ type: 'ready' })
        })
        // Presence is a nicety: Redis being away must not cost the socket its events.
        void presence?.join(ctx.tenantId, ctx.userId).then((h) => {
          if (closed) void h.leave().catch(() => {})
          else here = h
        }, (err: unknown) => req.log.warn({ err }, 'presence not recorded'))
      }
      socket.on('close', () => {
        closed = true
        void here?.leave().catch(() => {})
        stopWatching()
        clearTimeout(authTimer)
        clearTimeout(expiryTimer)
        clearInterval(heartbeat)
        void unsubscribe?.()
      })
    })
  }
}
