// GET /metrics in Prometheus text format, for ops. Aggregates only: no tenant ids, no contents.
// Still not public (session counts, memory and queue depths of every tenant): it needs the bearer
// token from METRICS_TOKEN; without one configured it answers 401 to everyone.
import type { FastifyInstance } from 'fastify'
import { z } from 'zod'
import { safeEqual, sha256 } from '../../shared/crypto.js'
import { unauthorized } from '../../shared/errors.js'
import type { MetricsService } from './metrics.service.js'
import { asText, errors, NoQuery } from '../../shared/http-schemas.js'

const PrometheusText = asText(z.string().meta({ description: 'Prometheus text exposition format 0.0.4.' }), 'text/plain; version=0.0.4')

export function metricsRoutes(metrics: Pick<MetricsService, 'render'>, token: string | undefined) {
  return async (app: FastifyInstance): Promise<void> => {
    app.get('/metrics', {
      logLevel: 'warn',
      schema: { summary: 'Aggregate metrics for ops (bearer METRICS_TOKEN)', tags: ['ops'], security: [{ metricsToken: [] }], querystring: NoQuery, response: { 200: PrometheusText, ...errors } },
    }, async (req, reply) => {
      const given = req.headers.authorization?.startsWith('Bearer ') ? req.headers.authorization.slice(7) : ''
      if (!token || !safeEqual(sha256(given), sha256(token))) {
        throw unauthorized('metrics.unauthorized', token ? 'Send the metrics token as a bearer token.' : 'Metrics are off: set METRICS_TOKEN and send it as a bearer token.')
      }
      return reply.type('text/plain; version=0.0.4').send(await metrics.render())
    })
  }
}
