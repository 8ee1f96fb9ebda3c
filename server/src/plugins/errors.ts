// The one error handler. AppErrors keep their code and status; Fastify's own client errors
// (bad JSON, too large, wrong content type, rate limit) get stable codes; PostgreSQL or Redis
// being unreachable is a 503 the client may retry; anything else is a bug: logged in full,
// answered as a bare 500.
import type { FastifyError, FastifyInstance } from 'fastify'
import type { Logger } from 'pino'
import { OutageLog } from '../shared/outage-log.js'
import { isAppError, RateLimitedError } from '../shared/errors.js'
import { DEPENDENCY_RETRY_AFTER_SECONDS, isDependencyUnavailable } from '../shared/dependency-errors.js'

const FASTIFY_CODES: Record<string, { code: string; status: number; message: string }> = {
  FST_ERR_CTP_INVALID_JSON_BODY: { code: 'request.malformed_json', status: 400, message: 'The body is not valid JSON.' },
  FST_ERR_CTP_EMPTY_JSON_BODY: { code: 'request.malformed_json', status: 400, message: 'The body is empty but the content type says JSON.' },
  FST_ERR_CTP_BODY_TOO_LARGE: { code: 'request.body_too_large', status: 413, message: 'The body is too large.' },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: { code: 'request.unsupported_media_type', status: 415, message: 'Send JSON (Content-Type: application/json).' },
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: { code: 'request.invalid_content_length', status: 400, message: 'Content-Length does not match the body.' },
  FST_ERR_CTP_INVALID_TYPE: { code: 'request.unsupported_media_type', status: 415, message: 'Unsupported content type.' },
  FST_ERR_VALIDATION: { code: 'validation.failed', status: 400, message: 'Invalid request.' },
}

export function registerErrorHandler(app: FastifyInstance): void {
  // Not a bug, and during an outage every request would log it: one line per outage (with the
  // count when requests succeed again), not one per request.
  const unavailable = new OutageLog(app.log as Logger, {
    down: 'requests answered 503: PostgreSQL or Redis is unavailable (further ones are counted)',
    still: 'requests still answered 503: PostgreSQL or Redis is unavailable',
    up: 'requests succeed again after a dependency outage',
  }, { settleMs: 5000 })
  app.addHook('onResponse', async (_req, reply) => { if (unavailable.down && reply.statusCode < 500) unavailable.recovered() })
  app.setErrorHandler((err: FastifyError, req, reply) => {
    if (isAppError(err)) {
      if (err.status >= 500) req.log.error({ err }, 'request failed')
      if (err instanceof RateLimitedError) reply.header('retry-after', String(err.retryAfterSeconds))
      return reply.status(err.status).send({ error: { code: err.code, message: err.message, ...(err.details ? { details: err.details } : {}) } })
    }
    const known = err.code ? FASTIFY_CODES[err.code] : undefined
    if (known) return reply.status(known.status).send({ error: { code: known.code, message: known.message } })
    if (err.statusCode === 429) {
      return reply.status(429).send({ error: { code: 'rate_limited', message: 'Too many attempts. Wait a minute and try again.' } })
    }
    if (err instanceof SyntaxError || (err.statusCode && err.statusCode >= 400 && err.statusCode < 500)) {
      return reply.status(err.statusCode ?? 400).send({ error: { code: 'request.invalid', message: err.message } })
    }
    if (isDependencyUnavailable(err)) {
      unavailable.failed(err)
      reply.header('retry-after', String(DEPENDENCY_RETRY_AFTER_SECONDS))
      return reply.status(503).send({ error: { code: 'service.unavailable', message: 'The service is briefly unavailable. Try again in a few seconds.' } })
    }
    req.log.error({ err }, 'unhandled error')
    return reply.status(500).send({ error: { code: 'internal', message: 'Something went wrong on our side. Please try again.' } })
  })
}

/**
 * Unknown routes: the JSON 404, or — when the dashboard is served — its app shell for browser
 * navigation to a deep link (/inbox/123), so a reload never lands on an error page.
 */
export function registerNotFound(app: FastifyInstance, spaShell?: string): void {
  app.setNotFoundHandler((req, reply) => {
    if (spaShell && req.method === 'GET' && !req.url.startsWith('/api/') && (req.headers.accept ?? '').includes('text/html')) {
      return reply.type('text/html').sendFile(spaShell)
    }
    return reply.status(404).send({ error: { code: 'not_found', message: `No route ${req.method} ${req.url.split('?')[0]}` } })
  })
}
