// Errors that mean PostgreSQL or Redis could not be reached — down, restarting, the connection cut
// — as opposed to a bug or bad input. The HTTP layer answers them 503 `service.unavailable` with a
// Retry-After, because the same request will work once the dependency is back. Wrappers (drizzle's
// DrizzleQueryError, undici, AggregateError from a dual-stack connect) are looked through.

/** Socket-level failures of a connection to a server. */
const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ECONNABORTED', 'EAI_AGAIN'])
/** postgres.js's own connection errors. */
const POSTGRES_JS_CODES = new Set(['CONNECTION_CLOSED', 'CONNECTION_ENDED', 'CONNECTION_DESTROYED', 'CONNECT_TIMEOUT'])
/**
 * SQLSTATEs of a server going away or not taking connections: class 08 (connection exception,
 * except 08P01, a protocol violation — a bug), admin/crash shutdown, "cannot connect now"
 * (starting up or shutting down), too many connections.
 */
const isOutageSqlState = (code: string) => (code.startsWith('08') && code !== '08P01') || ['57P01', '57P02', '57P03', '53300'].includes(code)
/** ioredis: a command on a closed connection, one that ran out of retries, or a server still loading its AOF. */
const REDIS_MESSAGES = [/^Connection is closed\.?$/, /Stream isn't writeable/, /^LOADING\b/, /max retries per request limit/i]

type ErrorLike = { name?: unknown; code?: unknown; message?: unknown; cause?: unknown; errors?: unknown }

export function isDependencyUnavailable(err: unknown, depth = 0): boolean {
  if (!err || typeof err !== 'object' || depth > 6) return false
  const e = err as ErrorLike
  if (e.name === 'MaxRetriesPerRequestError') return true
  if (typeof e.code === 'string' && (NETWORK_CODES.has(e.code) || POSTGRES_JS_CODES.has(e.code) || (/^[0-9A-Z]{5}$/.test(e.code) && isOutageSqlState(e.code)))) return true
  if (typeof e.message === 'string' && REDIS_MESSAGES.some((re) => re.test(e.message as string))) return true
  if (Array.isArray(e.errors) && e.errors.some((inner) => isDependencyUnavailable(inner, depth + 1))) return true
  return isDependencyUnavailable(e.cause, depth + 1)
}

/** How long a client should wait before trying again while a dependency is down. */
export const DEPENDENCY_RETRY_AFTER_SECONDS = 5
