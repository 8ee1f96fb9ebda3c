// One pino setup for the whole process. Secrets never reach a log line: the redact list covers
// auth headers, cookies, passwords, tokens and API keys wherever they appear in a logged object.
import pino, { type Logger, type LoggerOptions } from 'pino'

export type { Logger }

export const REDACT_PATHS = [
  'req.headers.authorization', 'req.headers.cookie', 'res.headers["set-cookie"]',
  'password', '*.password', 'token', '*.token', 'accessToken', '*.accessToken', 'refreshToken', '*.refreshToken',
  'apiKey', '*.apiKey', 'jwtSecret', '*.jwtSecret', 'secretKey', '*.secretKey', 'creds', '*.creds',
]

export function loggerOptions(level: string, opts: { pretty?: boolean } = {}): LoggerOptions {
  const pretty = opts.pretty ?? Boolean(process.stdout.isTTY)
  return {
    level,
    redact: { paths: REDACT_PATHS, censor: '[redacted]' },
    ...(pretty ? { transport: { target: 'pino-pretty', options: { translateTime: 'HH:MM:ss', ignore: 'pid,hostname' } } } : {}),
  }
}

export function createLogger(level: string, opts: { pretty?: boolean } = {}): Logger {
  return pino(loggerOptions(level, opts))
}
