// /healthz: the process is alive — it can recover by itself (503 when it cannot, so an
// orchestrator restarts it). /readyz: it can reach PostgreSQL and Redis right now (what a load
// balancer should route on; 503 during an outage, green again once both answer).
import type { FastifyInstance } from 'fastify'
import { z } from 'zod'
import type { HealthService } from './health.service.js'
import { errors, NoQuery } from '../../shared/http-schemas.js'

const Liveness = z.object({ status: z.enum(['ok', 'unrecoverable']), reason: z.string().optional() })
const Readiness = z.object({ status: z.enum(['ready', 'not_ready']), checks: z.record(z.string(), z.string()) })
const ops = { tags: ['ops'], security: [], querystring: NoQuery }

export function healthRoutes(health: Pick<HealthService, 'liveness' | 'check'>) {
  return async (app: FastifyInstance): Promise<void> => {
    app.get('/healthz', { logLevel: 'warn', schema: { ...ops, summary: 'Alive (503 when the process cannot recover by itself)', response: { 200: Liveness, 503: Liveness, ...errors } } }, async (_req, reply) => {
      const live = health.liveness()
      return live.alive ? { status: 'ok' } : reply.status(503).send({ status: 'unrecoverable', reason: live.reason })
    })

    app.get('/readyz', { logLevel: 'warn', schema: { ...ops, summary: 'Ready: PostgreSQL and Redis answer now', response: { 200: Readiness, 503: Readiness, ...errors } } }, async (_req, reply) => {
      const checks = await health.check()
      const ready = Object.values(checks).every((c) => c === 'ok')
      return reply.status(ready ? 200 : 503).send({ status: ready ? 'ready' : 'not_ready', checks })
    })
  }
}
