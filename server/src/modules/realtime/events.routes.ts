// WebSocket /api/v1/events. The access token travels in the first message, never in the URL (URLs
// end up in proxy logs). A socket only ever receives its own tenant's events; it is closed when
// its token expires unless the client re-authenticates on the same socket.
import type { FastifyInstance } from 'fastify'
import type { WebSocket } from 'ws'
import type { AuthContext } from '../../plugins/auth.js'
import type { RedisEventBus } from './event-bus.js'

const AUTH_TIMEOUT_MS = 10_000
const HEARTBEAT_MS = 30_000
const EXPIRY_GRACE_MS = 30_000

export function eventsRoutes(bus: RedisEventBus) {
  return async (app: FastifyInstance): Promise<void> => {
    app.get('/events', { websocket: true }, (socket: WebSocket, req) => {
      let auth: AuthContext | undefined
      let unsubscribe: (() => Promise<void>) | undefined
      let expiryTimer: NodeJS.Timeout | undefined
      let alive = true
      const send = (msg: unknown) => { if (socket.readyState === socket.OPEN) socket.send(JSON.stringify(msg)) }
      const authTimer = setTimeout(() => socket.close(4401, 'authenticate first'), AUTH_TIMEOUT_MS)
      const heartbeat = setInterval(() => {
        if (!alive) { socket.terminate(); return }
        alive = false
        socket.ping()
      }, HEARTBEAT_MS)
      socket.on('pong', () => { alive = true })

      // Handlers are attached synchronously: messages arriving during async work are not lost.
      socket.on('message', (raw) => {
        let msg: { type?: unknown; token?: unknown }
        try { msg = JSON.parse(String(raw)) as typeof msg } catch { socket.close(4400, 'messages must be JSON'); return }
        if (msg.type === 'ping') return send({ type: 'pong' })
        if (msg.type !== 'auth' || typeof msg.token !== 'string') { socket.close(4400, 'unknown message'); return }
        let ctx: AuthContext
        try { ctx = app.verifyAccessToken(msg.token) } catch { socket.close(4401, 'invalid or expired token'); return }
        if (auth && auth.tenantId !== ctx.tenantId) { socket.close(4403, 'tenant changed'); return }
        clearTimeout(authTimer)
        clearTimeout(expiryTimer)
        const exp = (app.jwt.decode<{ exp?: number }>(msg.token)?.exp ?? 0) * 1000
        expiryTimer = setTimeout(() => socket.close(4401, 'token expired'), Math.max(0, exp - Date.now()) + EXPIRY_GRACE_MS)
        expiryTimer.unref()
        const first = !auth
        auth = ctx
        if (!first) return send({ type: 'ready' })
        req.log.debug({ tenantId: ctx.tenantId }, 'events socket authenticated')
        void bus.subscribe(ctx.tenantId, (event) => send(event)).then((off) => {
          if (socket.readyState !== socket.OPEN) { void off(); return }
          unsubscribe = off
          send({ type: 'ready' })
        })
      })
      socket.on('close', () => {
        clearTimeout(authTimer)
        clearTimeout(expiryTimer)
        clearInterval(heartbeat)
        void unsubscribe?.()
      })
    })
  }
}
