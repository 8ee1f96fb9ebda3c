// The one error handler. AppErrors keep their code and status; Fastify's own client errors
// (bad JSON, too large, wrong content type, rate limit) get stable codes; anything else is a bug:
// logged in full, answered as a bare 500.
import type { FastifyError, FastifyInstance } from 'fastify'
import { isAppError } from '../shared/errors.js'

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
  app.setErrorHandler((err: FastifyError, req, reply) => {
    if (isAppError(err)) {
      if (err.status >= 500) req.log.error({ err }, 'request failed')
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
