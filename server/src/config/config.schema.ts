// Every setting Warta reads, in one place: its environment variable, its zod type, its default and a
// doc string. `loadConfig` turns the environment into the nested, typed `Config`; `.env.example` is
// generated from (and tested against) this list.
import { z } from 'zod'

const bool = z.enum(['1', '0', 'true', 'false', 'yes', 'no', '']).transform((v) => ['1', 'true', 'yes'].includes(v))
const int = (min: number, max: number) => z.coerce.number().int().min(min).max(max)
const optionalUrl = (protocols: string[]) =>
  z.string().trim().optional().transform((v) => (v ? v : undefined)).refine(
    (v) => v === undefined || protocols.some((p) => v.startsWith(p)),
    { message: `must start with ${protocols.join(' or ')}` },
  )
const roles = z.string().transform((v, ctx) => {
  const list = v.split(',').map((r) => r.trim()).filter(Boolean)
  const bad = list.filter((r) => !['api', 'gateway', 'worker'].includes(r))
  if (bad.length || list.length === 0) {
    ctx.addIssue({ code: 'custom', message: `unknown role(s) "${bad.join(',')}"; use a comma-separated list of api, gateway, worker` })
    return z.NEVER
  }
  return { api: list.includes('api'), gateway: list.includes('gateway'), worker: list.includes('worker') }
})

export interface KeyDef {
  env: string
  doc: string
  schema: z.ZodType
  default?: string
  /** Shown in .env.example but commented out, because the default is derived at run time. */
  example?: string
}

export const CONFIG_KEYS = [
  { env: 'PORT', doc: 'HTTP port to listen on.', schema: int(0, 65535), default: '3000' },
  { env: 'HOST', doc: 'Interface to bind. 127.0.0.1 keeps it private; use 0.0.0.0 in a container.', schema: z.string().min(1), default: '127.0.0.1' },
  { env: 'PUBLIC_URL', doc: 'URL printed at start and used in links (default http://HOST:PORT).', schema: optionalUrl(['http://', 'https://']), example: 'http://localhost:3000' },
  { env: 'TRUST_PROXY', doc: 'Trust X-Forwarded-* headers (set when behind nginx).', schema: bool, default: 'false' },
  { env: 'BODY_LIMIT_BYTES', doc: 'Largest accepted request body.', schema: int(1024, 50 * 1024 * 1024), default: String(256 * 1024) },
  { env: 'WARTA_DATA_DIR', doc: 'Where embedded PostgreSQL (PGlite), embedded Redis and generated secrets live.', schema: z.string().min(1), default: './data' },
  { env: 'DATABASE_URL', doc: 'PostgreSQL URL. Unset: embedded PGlite under WARTA_DATA_DIR.', schema: optionalUrl(['postgres://', 'postgresql://']), example: 'postgres://warta:warta@127.0.0.1:5432/warta' },
  { env: 'DATABASE_POOL_SIZE', doc: 'Connections per process to PostgreSQL.', schema: int(1, 200), default: '10' },
  { env: 'DATABASE_PREPARE', doc: 'Named prepared statements on PostgreSQL (one round trip per query). Set false behind a pooler in transaction mode that cannot keep them (PgBouncer before 1.21).', schema: bool, default: 'true' },
  { env: 'REDIS_URL', doc: 'Redis URL. Unset: a redis-server from the PATH is started with data under WARTA_DATA_DIR.', schema: optionalUrl(['redis://', 'rediss://']), example: 'redis://127.0.0.1:6379/0' },
  { env: 'REDIS_PREFIX', doc: 'Prefix for every Redis key (queues, leases, rate limits, pub/sub).', schema: z.string().min(1).max(64), default: 'warta' },
  { env: 'WARTA_ROLES', doc: 'Comma-separated roles this process runs: api, gateway, worker.', schema: roles, default: 'api,gateway,worker' },
  { env: 'WARTA_DEMO', doc: 'Demo mode: start the WhatsApp simulator in-process with simulated phone and customers (same as --demo).', schema: bool, default: 'false' },
  { env: 'JWT_SECRET', doc: 'HS256 secret for access tokens (≥ 32 chars). Unset: generated once and kept in WARTA_DATA_DIR.', schema: z.string().min(32).optional(), example: 'change-me-to-a-long-random-string-of-32+-chars' },
  { env: 'WARTA_SECRET_KEY', doc: '32-byte key (64 hex chars) that encrypts tenant secrets at rest. Unset: generated once and kept in WARTA_DATA_DIR.', schema: z.string().regex(/^[0-9a-fA-F]{64}$/, 'must be 64 hex characters').optional(), example: '0000000000000000000000000000000000000000000000000000000000000000' },
  { env: 'ACCESS_TOKEN_TTL_SECONDS', doc: 'Lifetime of an access token.', schema: int(30, 86400), default: '900' },
  { env: 'REFRESH_TOKEN_TTL_DAYS', doc: 'Lifetime of a refresh token family member.', schema: int(1, 365), default: '30' },
  { env: 'AUTH_RATE_LIMIT_PER_MINUTE', doc: 'Login/register attempts allowed per minute per IP and per e-mail.', schema: int(1, 10000), default: '10' },
  { env: 'LOG_LEVEL', doc: 'pino level: fatal, error, warn, info, debug, trace, silent.', schema: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']), default: 'info' },
  { env: 'WARTA_WEB_DIR', doc: 'Built dashboard to serve at / (default: web/.output/public of this checkout when present).', schema: z.string().optional(), example: './web/.output/public' },
  { env: 'WA_WS_URL', doc: 'WhatsApp Web socket URL override (tests and demo point it at the simulator).', schema: optionalUrl(['ws://', 'wss://']), example: 'wss://web.whatsapp.com/ws/chat' },
  { env: 'WA_RESTORE_CONCURRENCY', doc: 'Sessions restored at once after a restart.', schema: int(1, 100), default: '8' },
  { env: 'WA_KEY_CACHE_MAX_ENTRIES', doc: 'Signal key cache entries shared by all sessions of this process.', schema: int(0, 10_000_000), default: '50000' },
  { env: 'WA_CONNECT_WATCHDOG_SECONDS', doc: 'A socket that reaches neither open nor close within this time is restarted.', schema: int(5, 600), default: '60' },
  { env: 'WA_LEASE_TTL_SECONDS', doc: 'How long a gateway holds a session lease without renewing it; another gateway takes over after this.', schema: int(2, 600), default: '15' },
  { env: 'WORKER_CONCURRENCY', doc: 'Jobs one worker process handles at once per queue.', schema: int(1, 500), default: '16' },
  { env: 'OPENAI_TIMEOUT_MS', doc: 'Timeout of one call to an OpenAI-compatible API.', schema: int(1000, 120_000), default: '20000' },
] as const satisfies readonly KeyDef[]

export type ConfigEnvKey = (typeof CONFIG_KEYS)[number]['env']
