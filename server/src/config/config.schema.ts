// Every setting Warta reads, in one place: its environment variable, its zod type, its default and a
// doc string. `loadConfig` turns the environment into the nested, typed `Config`; `.env.example` is
// generated from (and tested against) this list.
import { z } from 'zod'
import { parseAllowEntry } from '../shared/net/ip-address.js'

const bool = z.enum(['1', '0', 'true', 'false', 'yes', 'no', '']).transform((v) => ['1', 'true', 'yes'].includes(v))
const int = (min: number, max: number) => z.coerce.number().int().min(min).max(max)
const optionalUrl = (protocols: string[]) =>
  z.string().trim().optional().transform((v) => (v ? v : undefined)).refine(
    (v) => v === undefined || protocols.some((p) => v.startsWith(p)),
    { message: `must start with ${protocols.join(' or ')}` },
  )
// Comma-separated host names, IPs and CIDR blocks; each entry is checked when the config loads.
const allowList = z.string().optional().transform((v, ctx) => {
  const list = (v ?? '').split(',').map((e) => e.trim()).filter(Boolean)
  const bad = list.filter((e) => !parseAllowEntry(e))
  if (bad.length) {
    ctx.addIssue({ code: 'custom', message: `not a host name, IP address or CIDR block: ${bad.join(', ')}` })
    return z.NEVER
  }
  return list
})
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
  { env: 'REDIS_EMBEDDED_MAX_RESTARTS', doc: 'Embedded Redis only: failed restarts in a row (with back-off, 250 ms doubling to 10 s) before giving up on a redis-server that died; then /healthz fails so the process gets restarted.', schema: int(1, 1000), default: '10' },
  { env: 'REDIS_PREFIX', doc: 'Prefix for every Redis key (queues, leases, rate limits, pub/sub).', schema: z.string().min(1).max(64), default: 'warta' },
  { env: 'WARTA_ROLES', doc: 'Comma-separated roles this process runs: api, gateway, worker.', schema: roles, default: 'api,gateway,worker' },
  { env: 'WARTA_DEMO', doc: 'Demo mode: start the WhatsApp simulator in-process with simulated phone and customers (same as --demo).', schema: bool, default: 'false' },
  { env: 'WARTA_DEMO_CUSTOMERS', doc: 'Demo mode only: simulated customers start chats by themselves (one every 20 s). false: a quiet demo where only "Write as a customer" sends messages (browser tests use it to check exact states).', schema: bool, default: 'true' },
  { env: 'JWT_SECRET', doc: 'HS256 secret for access tokens (≥ 32 chars). Unset: generated once and kept in WARTA_DATA_DIR.', schema: z.string().min(32).optional(), example: 'change-me-to-a-long-random-string-of-32+-chars' },
  { env: 'WARTA_SECRET_KEY', doc: '32-byte key (64 hex chars) that encrypts tenant secrets at rest. Unset: generated once and kept in WARTA_DATA_DIR.', schema: z.string().regex(/^[0-9a-fA-F]{64}$/, 'must be 64 hex characters').optional(), example: '0000000000000000000000000000000000000000000000000000000000000000' },
  { env: 'ACCESS_TOKEN_TTL_SECONDS', doc: 'Lifetime of an access token.', schema: int(30, 86400), default: '900' },
  { env: 'REFRESH_TOKEN_TTL_DAYS', doc: 'Lifetime of a refresh token family member.', schema: int(1, 365), default: '30' },
  { env: 'AUTH_LOGIN_FREE_FAILURES', doc: 'Wrong passwords for one e-mail from one IP (or one known device) before each further attempt must wait, doubling from 1 s up to 15 min. A right password resets it.', schema: int(1, 1000), default: '5' },
  { env: 'AUTH_LOGIN_IP_FAILURES_PER_HOUR', doc: 'Wrong passwords from one IP per hour, over all e-mails, before that IP may not try again this hour (devices that logged in before are exempt).', schema: int(1, 1_000_000), default: '100' },
  { env: 'AUTH_LOGIN_EMAIL_FAILURES_PER_HOUR', doc: 'Wrong passwords for one e-mail per hour, over all IPs, before new devices may not try it this hour (devices that logged in before are exempt).', schema: int(1, 1_000_000), default: '50' },
  { env: 'AUTH_REGISTER_PER_HOUR', doc: 'Sign-ups allowed per IP per hour.', schema: int(1, 1_000_000), default: '20' },
  { env: 'AUTH_REFRESH_PER_MINUTE', doc: 'Session refreshes allowed per minute for one signed-in session (refresh-token family), whatever the IP.', schema: int(1, 100_000), default: '60' },
  { env: 'PASSWORD_RESET_TTL_MINUTES', doc: 'How long a password reset link works (single use).', schema: int(5, 10_080), default: '60' },
  { env: 'SMTP_URL', doc: 'SMTP server for password reset e-mails, e.g. smtps://user:pass@mail.example.com:465. Unset: no e-mail; an owner/admin makes reset links on the Team page.', schema: optionalUrl(['smtp://', 'smtps://']), example: 'smtp://user:password@127.0.0.1:587' },
  { env: 'SMTP_FROM', doc: 'Sender of those e-mails, e.g. "Warta <no-reply@example.com>".', schema: z.string().trim().max(200).optional(), example: 'Warta <no-reply@example.com>' },
  { env: 'METRICS_TOKEN', doc: 'Bearer token that GET /metrics requires (≥ 16 chars). Unset: /metrics answers 401 to everyone.', schema: z.string().min(16).optional(), example: 'a-long-random-token-for-prometheus' },
  { env: 'OUTBOUND_ALLOW_HOSTS', doc: 'Comma-separated host names, IPs and CIDR blocks that tenant-chosen URLs (AI base URL, webhooks) may reach although they are private or loopback, e.g. a local Ollama: 127.0.0.1,192.168.1.0/24,llm.lan. Everything non-public is refused otherwise.', schema: allowList, example: '127.0.0.1,192.168.1.0/24' },
  { env: 'OUTBOUND_ALLOW_HTTP', doc: 'Allow plain http (not https) to the OUTBOUND_ALLOW_HOSTS entries. Public hosts always need https.', schema: bool, default: 'false' },
  { env: 'AI_TEST_PER_MINUTE', doc: '"Test the classifier" calls allowed per tenant per minute (each may call the tenant\'s AI provider).', schema: int(1, 10_000), default: '20' },
  { env: 'LOG_LEVEL', doc: 'pino level: fatal, error, warn, info, debug, trace, silent.', schema: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']), default: 'info' },
  { env: 'WARTA_WEB_DIR', doc: 'Built dashboard to serve at / (default: web/.output/public of this checkout when present).', schema: z.string().optional(), example: './web/.output/public' },
  { env: 'WA_WS_URL', doc: 'WhatsApp Web socket URL override (tests and demo point it at the simulator).', schema: optionalUrl(['ws://', 'wss://']), example: 'wss://web.whatsapp.com/ws/chat' },
  { env: 'WA_RESTORE_CONCURRENCY', doc: 'Sessions restored at once after a restart.', schema: int(1, 100), default: '8' },
  { env: 'WA_KEY_CACHE_MAX_ENTRIES', doc: 'Signal key cache entries shared by all sessions of this process.', schema: int(0, 10_000_000), default: '50000' },
  { env: 'WA_CONNECT_WATCHDOG_SECONDS', doc: 'A socket that reaches neither open nor close within this time is restarted.', schema: int(5, 600), default: '60' },
  { env: 'MAX_DEVICES_PER_TENANT', doc: 'WhatsApp numbers (devices) one tenant may link; adding one more is refused with device.limit_reached (plans come later).', schema: int(1, 100), default: '3' },
  { env: 'WA_LEASE_TTL_SECONDS', doc: 'How long a gateway holds a session lease without renewing it; another gateway takes over after this.', schema: int(2, 600), default: '15' },
  { env: 'HEALTH_UNRECOVERED_SECONDS', doc: '/healthz fails (so an orchestrator restarts the process) once PostgreSQL or Redis has been unreachable this long; shorter outages are ridden out. 0 = only when a dependency can never recover (embedded Redis out of restarts, a broken embedded database).', schema: int(0, 86400), default: '300' },
  { env: 'WORKER_CONCURRENCY', doc: 'Jobs one worker process handles at once per queue.', schema: int(1, 500), default: '16' },
  { env: 'API_KEY_REQUESTS_PER_MINUTE', doc: 'Requests one API key may make per minute; more get 429 with Retry-After.', schema: int(1, 1_000_000), default: '120' },
  { env: 'SEND_PACING_PER_MINUTE', doc: 'Messages per minute a WhatsApp number sends to people who did not write in the last 24 h (API sends, batches, outreach); replies within 24 h are never paced. Low is safe for a new number.', schema: int(1, 6000), default: '10' },
  { env: 'SEND_PACING_BURST', doc: 'Such messages that may go back to back before SEND_PACING_PER_MINUTE applies.', schema: int(1, 1000), default: '3' },
  { env: 'SEND_PACING_JITTER_MS', doc: 'Up to this much random extra wait after each paced message, so sends do not tick like a machine.', schema: int(0, 600_000), default: '3000' },
  { env: 'SEND_TYPING_PRESENCE', doc: 'Show "typing…" in the chat for a moment (proportional to the text, at most 3 s) before each outgoing message, as a person would.', schema: bool, default: 'false' },
  { env: 'SEND_NEW_CONTACTS_PER_DAY', doc: 'First messages per day (UTC) to numbers that never wrote to the shop; the rest wait for the next day.', schema: int(0, 100_000), default: '50' },
  { env: 'NUMBER_CHECKS_PER_MINUTE', doc: 'Numbers one shop may check for a WhatsApp account per minute (POST /api/v1/contacts/check); bursts of lookups are a ban pattern.', schema: int(1, 10_000), default: '30' },
  { env: 'WEBHOOK_TIMEOUT_MS', doc: 'A webhook receiver must answer within this, or the attempt counts as failed and is retried.', schema: int(100, 120_000), default: '10000' },
  { env: 'WEBHOOK_RETRY_BASE_MS', doc: 'First retry delay of a failed webhook delivery; each further retry waits about twice as long (with jitter).', schema: int(10, 3_600_000), default: '5000' },
  { env: 'WEBHOOK_MAX_ATTEMPTS', doc: 'Attempts per webhook delivery before it goes to the dead-letter list (15 attempts from 5 s span about a day).', schema: int(1, 50), default: '15' },
  { env: 'WEBHOOK_CONCURRENCY', doc: 'Webhook deliveries one worker process runs at once, so a slow receiver occupies one slot and never the others.', schema: int(1, 1000), default: '32' },
  { env: 'MEDIA_STORE', doc: 'Where photos, voice notes and files are kept: fs (under MEDIA_DIR) or s3 (any S3-compatible store: AWS S3, MinIO, R2).', schema: z.enum(['fs', 's3']), default: 'fs' },
  { env: 'MEDIA_DIR', doc: 'Directory of the fs media store (default WARTA_DATA_DIR/media).', schema: z.string().optional(), example: './data/media' },
  { env: 'S3_ENDPOINT', doc: 'S3-compatible endpoint for MEDIA_STORE=s3 (unset: AWS for S3_REGION).', schema: optionalUrl(['http://', 'https://']), example: 'https://s3.example.com' },
  { env: 'S3_REGION', doc: 'S3 region.', schema: z.string().min(1), default: 'us-east-1' },
  { env: 'S3_BUCKET', doc: 'S3 bucket for media (required with MEDIA_STORE=s3).', schema: z.string().optional(), example: 'warta-media' },
  { env: 'S3_ACCESS_KEY_ID', doc: 'S3 access key id (unset: the SDK\'s default credential chain).', schema: z.string().optional(), example: 'AKIA…' },
  { env: 'S3_SECRET_ACCESS_KEY', doc: 'S3 secret access key.', schema: z.string().optional(), example: 'secret' },
  { env: 'S3_FORCE_PATH_STYLE', doc: 'Path-style bucket URLs (MinIO and most self-hosted stores need it).', schema: bool, default: 'true' },
  { env: 'MEDIA_MAX_IMAGE_MB', doc: 'Largest photo or sticker kept (MB); bigger ones are refused with 413 or marked failed.', schema: int(1, 1024), default: '16' },
  { env: 'MEDIA_MAX_AUDIO_MB', doc: 'Largest voice note or audio file kept (MB).', schema: int(1, 1024), default: '16' },
  { env: 'MEDIA_MAX_VIDEO_MB', doc: 'Largest video kept (MB).', schema: int(1, 2048), default: '64' },
  { env: 'MEDIA_MAX_DOCUMENT_MB', doc: 'Largest document kept (MB).', schema: int(1, 2048), default: '100' },
  { env: 'MEDIA_URL_TTL_SECONDS', doc: 'Lifetime of the signed media links the API hands out (an <img> cannot send a token).', schema: int(10, 86400), default: '600' },
  { env: 'MEDIA_RETENTION_DAYS', doc: 'Media files (photos, voice notes, documents) older than this many days are deleted; the messages stay. A tenant may set its own.', schema: int(1, 36_500), default: '180' },
  { env: 'MEDIA_FETCH_CONCURRENCY', doc: 'Media downloads (decrypt, hash, store, thumbnail) one worker process runs at once, apart from the other queues. Lower it where a burst of photos should leave more CPU to the inbox.', schema: int(1, 500), default: '16' },
  { env: 'MEDIA_IMAGE_THREADS', doc: 'Threads libvips (sharp) may use per image operation; 0 keeps its default (one per core). 1 leaves the other cores to the inbox on a small host.', schema: int(0, 64), default: '0' },
  { env: 'MEDIA_SWEEP_INTERVAL_SECONDS', doc: 'How often the worker deletes media past retention and files no message references.', schema: int(1, 86_400), default: '3600' },
  { env: 'MEDIA_ORPHAN_GRACE_SECONDS', doc: 'A stored file no row references is deleted only after this long (an upload may be about to reference it).', schema: int(0, 604_800), default: '3600' },
  { env: 'WA_SIM_MEDIA_CA', doc: 'PEM certificate of the WhatsApp simulator\'s media host. Honoured only with WA_SIM=1 (tests, demo mode).', schema: z.string().optional(), example: '' },
  { env: 'WEBHOOK_ENDPOINT_CONCURRENCY', doc: 'Deliveries in flight to one webhook endpoint at once (across every worker): a hanging receiver holds at most this many worker slots.', schema: int(1, 100), default: '4' },
  { env: 'WEBHOOK_DISABLE_AFTER_MINUTES', doc: 'An endpoint whose every attempt has failed for this long is turned off and its owner told (default a day).', schema: int(1, 43_200), default: '1440' },
  { env: 'WEBHOOK_DISABLE_AFTER_SECONDS', doc: 'The same limit in seconds; when set it replaces WEBHOOK_DISABLE_AFTER_MINUTES. Meant for tests and demos that cannot wait a whole minute.', schema: z.union([z.literal('').transform(() => undefined), int(1, 43_200 * 60)]).optional(), example: '' },
  { env: 'QUEUE_LOCK_MS', doc: 'How long a running job stays locked without renewal (renewed every half of it). A job whose worker died is run again after about this long, the stalled-job check running at the same interval. Lower it only for tests.', schema: int(1000, 600_000), default: '30000' },
  { env: 'KNOWLEDGE_MAX_FILE_MB', doc: 'Largest knowledge-base upload (PDF, DOCX, XLSX, CSV, text, photo) in MB; larger ones get 413 knowledge.too_large.', schema: z.coerce.number().min(0.01).max(200), default: '10' },
  { env: 'KNOWLEDGE_MAX_PAGES', doc: 'Most pages of a knowledge-base PDF (spreadsheets: this many × 50 rows).', schema: int(1, 5000), default: '100' },
  { env: 'KNOWLEDGE_STORAGE_MB', doc: 'Knowledge-base storage per shop in MB (uploads as stored); an upload past it gets 413 knowledge.storage_full.', schema: z.coerce.number().min(0.01).max(100_000), default: '50' },
  { env: 'KNOWLEDGE_OCR_BIN', doc: 'The tesseract executable that reads menu photos (Debian: apt-get install tesseract-ocr tesseract-ocr-ind). Without it photos are refused with a request to type the menu.', schema: z.string().min(1), default: 'tesseract' },
  { env: 'OPENAI_TIMEOUT_MS', doc: 'Timeout of one call to an OpenAI-compatible API.', schema: int(1000, 120_000), default: '20000' },
] as const satisfies readonly KeyDef[]

export type ConfigEnvKey = (typeof CONFIG_KEYS)[number]['env']
