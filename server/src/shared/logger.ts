// One pino setup for the whole process. Secrets and personal data never reach a log line:
// - the redact list covers auth headers, cookies, passwords and their hashes, tokens, API keys,
//   message bodies and phone numbers wherever they appear as fields of a logged object;
// - the `err` serializer strips what database errors carry about the row: drizzle puts every
//   query parameter into its message ("params: …" — password hashes, customer messages, phone
//   numbers), PostgreSQL puts row values into `detail` ("Key (email)=(…)", "Failing row contains
//   (…)") and quotes bad input in the message. What is kept: the statement (placeholders only),
//   the SQLSTATE code, the constraint, table and column names.
import pino, { type Logger, type LoggerOptions } from 'pino'

export type { Logger }

const SECRET_FIELDS = [
  'password', 'newPassword', 'currentPassword', 'passwordHash', 'password_hash', 'token', 'accessToken', 'refreshToken',
  'apiKey', 'apiKeySealed', 'jwtSecret', 'secretKey', 'secret', 'creds', 'authorization', 'cookie',
]
// Personal data: message contents and who sent them.
const PERSONAL_FIELDS = ['body', 'text', 'phone', 'phoneNumber', 'pn', 'jid', 'chatJid', 'customerPn', 'customerLid', 'pushName', 'email']

export const REDACT_PATHS = [
  'req.headers.authorization', 'req.headers.cookie', 'req.headers["x-api-key"]', 'res.headers["set-cookie"]',
  ...[...SECRET_FIELDS, ...PERSONAL_FIELDS].flatMap((f) => [f, `*.${f}`]),
]

const DB_ROW_FIELDS = new Set(['params', 'parameters', 'args', 'values', 'detail', 'where', 'internalQuery', 'query_parameters'])
const KEEP_FIELDS = ['code', 'severity', 'constraint', 'constraint_name', 'table', 'table_name', 'column', 'column_name', 'schema_name', 'routine', 'query', 'errno', 'syscall', 'statusCode', 'status', 'retryable']

const DATABASE_ERROR_TYPES = new Set(['DrizzleQueryError', 'PostgresError', 'DatabaseError'])
const isDatabaseError = (e: Record<string, unknown>) =>
  DATABASE_ERROR_TYPES.has(String(e.name)) || DATABASE_ERROR_TYPES.has((e as object).constructor?.name) || ('query' in e && 'params' in e)
  || (typeof e.code === 'string' && /^[0-9A-Z]{5}$/.test(e.code) && 'severity' in e)

/** The message without what a database error says about the row. */
function cleanMessage(message: string, database: boolean): string {
  if (!database) return message
  return message
    .replace(/\nparams: [\s\S]*$/, '')
    // `invalid input syntax for type uuid: "…"`, `… for enum x: "…"`: the client's input.
    .replace(/: "[\s\S]*"$/, ': [redacted]')
}

/** A plain, log-safe copy of an error and its causes. */
export function sanitizeError(err: unknown, depth = 0): Record<string, unknown> | undefined {
  if (err === null || err === undefined) return undefined
  if (typeof err !== 'object') return { message: String(err) }
  const e = err as Record<string, unknown> & { message?: unknown; stack?: unknown; cause?: unknown }
  const database = isDatabaseError(e)
  const message = cleanMessage(typeof e.message === 'string' ? e.message : '', database)
  const out: Record<string, unknown> = { type: (err as object).constructor?.name ?? 'Error', message }
  if (typeof e.stack === 'string') {
    const at = e.stack.indexOf('\n    at ')
    out.stack = `${String(e.name ?? out.type)}: ${message}${at >= 0 ? e.stack.slice(at) : ''}`
  }
  for (const key of KEEP_FIELDS) if (key in e && !DB_ROW_FIELDS.has(key) && (typeof e[key] !== 'object' || e[key] === null)) out[key] = e[key]
  if (!database) {
    // Ordinary errors keep their own simple fields (not nested objects, which may carry anything).
    for (const [key, value] of Object.entries(e)) {
      if (key in out || key === 'cause' || key === 'details' || DB_ROW_FIELDS.has(key)) continue
      if (value === null || ['string', 'number', 'boolean'].includes(typeof value)) out[key] = value
    }
  }
  if (e.cause !== undefined && depth < 5) out.cause = sanitizeError(e.cause, depth + 1)
  return out
}

export function loggerOptions(level: string, opts: { pretty?: boolean } = {}): LoggerOptions {
  const pretty = opts.pretty ?? Boolean(process.stdout.isTTY)
  return {
    level,
    redact: { paths: REDACT_PATHS, censor: '[redacted]' },
    serializers: { err: sanitizeError },
    ...(pretty ? { transport: { target: 'pino-pretty', options: { translateTime: 'HH:MM:ss', ignore: 'pid,hostname' } } } : {}),
  }
}

export function createLogger(level: string, opts: { pretty?: boolean } = {}): Logger {
  return pino(loggerOptions(level, opts))
}
