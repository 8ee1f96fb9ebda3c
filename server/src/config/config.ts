// Turns the environment (and argv) into the nested, typed Config. This is the only module that
// reads process.env; everything else receives the Config object.
import { randomBytes } from 'node:crypto'
import { mkdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { repoRoot } from '../shared/paths.js'
import { CONFIG_KEYS, type ConfigEnvKey } from './config.schema.js'

export interface Config {
  http: { port: number; host: string; publicUrl: string; trustProxy: boolean; bodyLimit: number }
  dataDir: string
  db: { url: string | undefined; poolSize: number; prepare: boolean }
  redis: { url: string | undefined; prefix: string; embeddedMaxRestarts: number }
  health: { unrecoveredSeconds: number }
  roles: { api: boolean; gateway: boolean; worker: boolean }
  demo: boolean
  /** Demo mode: simulated customers start chats by themselves. */
  demoCustomers: boolean
  auth: {
    jwtSecret: string; accessTtlSeconds: number; refreshTtlDays: number; passwordResetTtlMinutes: number
    limits: { loginFreeFailures: number; loginIpFailuresPerHour: number; loginEmailFailuresPerHour: number; registerPerHour: number; refreshPerMinute: number }
  }
  smtp: { url: string | undefined; from: string }
  metrics: { token: string | undefined }
  outbound: { allowHosts: string[]; allowHttp: boolean }
  ai: { testPerMinute: number }
  secretKey: Buffer
  log: { level: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent' }
  web: { dir: string | undefined }
  whatsapp: { wsUrl: string | undefined; restoreConcurrency: number; maxDevicesPerTenant: number; keyCacheMaxEntries: number; watchdogSeconds: number; leaseTtlSeconds: number }
  /** `lockMs`: a running job's lock; a dead worker's job runs again after about this long. */
  worker: { concurrency: number; lockMs: number }
  llm: { timeoutMs: number }
  media: MediaConfig
  apiKeys: { requestsPerMinute: number }
  contacts: { checksPerMinute: number }
  pacing: { perMinute: number; burst: number; jitterMs: number; newContactsPerDay: number; typingPresence: boolean }
  webhooks: { timeoutMs: number; retryBaseMs: number; maxAttempts: number; concurrency: number; endpointConcurrency: number; disableAfterMs: number }
  knowledge: { maxFileBytes: number; maxPages: number; storageBytes: number; ocrBin: string }
}

export type MediaKind = 'image' | 'sticker' | 'audio' | 'video' | 'document'

export interface MediaConfig {
  store: 'fs' | 's3'
  dir: string
  s3: { endpoint: string | undefined; region: string; bucket: string | undefined; accessKeyId: string | undefined; secretAccessKey: string | undefined; forcePathStyle: boolean }
  /** Size cap per kind, bytes. */
  maxBytes: Record<MediaKind, number>
  urlTtlSeconds: number
  /** Default days a file is kept (a tenant may set its own). */
  retentionDays: number
  sweepIntervalMs: number
  /** Downloads one worker runs at once (the `media` queue's concurrency). */
  fetchConcurrency: number
  /** libvips threads per thumbnail. */
  imageThreads: number
  /** Orphans younger than this are left alone (a just-stored file whose row is being written). */
  orphanGraceMs: number
  /** The simulator's media host certificate; only ever set when WA_SIM=1. */
  simCaPem: string | undefined
}

const MB = 1024 * 1024

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`)
    this.name = 'ConfigError'
  }
}

type Raw = Record<ConfigEnvKey, unknown>

/** Validates every key and reports all problems at once, never just the first. */
export function parseEnv(env: Record<string, string | undefined>): Raw {
  const problems: string[] = []
  const raw = {} as Record<string, unknown>
  for (const key of CONFIG_KEYS) {
    const given = env[key.env]
    const value = given === undefined || given === '' ? ('default' in key ? key.default : undefined) : given
    const result = key.schema.safeParse(value)
    if (result.success) raw[key.env] = result.data
    else problems.push(`${key.env}=${JSON.stringify(given ?? '')}: ${result.error.issues.map((i) => i.message).join('; ')} (${key.doc})`)
  }
  if (problems.length) throw new ConfigError(problems)
  return raw as Raw
}

/** Generated secrets live in the data dir so the zero-config default survives restarts. */
function loadOrCreateSecrets(dataDir: string): { jwtSecret: string; secretKey: string } {
  const file = join(dataDir, 'secrets.json')
  if (existsSync(file)) return JSON.parse(readFileSync(file, 'utf8')) as { jwtSecret: string; secretKey: string }
  mkdirSync(dataDir, { recursive: true })
  const secrets = { jwtSecret: randomBytes(48).toString('base64url'), secretKey: randomBytes(32).toString('hex') }
  writeFileSync(file, JSON.stringify(secrets), { mode: 0o600, flag: 'wx' })
  return secrets
}

export interface LoadOptions {
  env?: Record<string, string | undefined>
  argv?: string[]
  cwd?: string
}

export function loadConfig(opts: LoadOptions = {}): Config {
  const env = { ...(opts.env ?? process.env) }
  const argv = opts.argv ?? []
  if (argv.includes('--demo')) env.WARTA_DEMO = '1'
  const raw = parseEnv(env)
  const cwd = opts.cwd ?? process.cwd()
  const dataDir = resolve(cwd, raw.WARTA_DATA_DIR as string)
  let jwtSecret = raw.JWT_SECRET as string | undefined
  let secretKey = raw.WARTA_SECRET_KEY as string | undefined
  if (!jwtSecret || !secretKey) {
    const generated = loadOrCreateSecrets(dataDir)
    jwtSecret ??= generated.jwtSecret
    secretKey ??= generated.secretKey
  }
  const host = raw.HOST as string
  const port = raw.PORT as number
  const defaultWeb = join(repoRoot, 'web/.output/public')
  return {
    http: {
      port, host,
      publicUrl: (raw.PUBLIC_URL as string | undefined) ?? `http://${host === '0.0.0.0' ? 'localhost' : host}:${port}`,
      trustProxy: raw.TRUST_PROXY as boolean,
      bodyLimit: raw.BODY_LIMIT_BYTES as number,
    },
    dataDir,
    db: { url: raw.DATABASE_URL as string | undefined, poolSize: raw.DATABASE_POOL_SIZE as number, prepare: raw.DATABASE_PREPARE as boolean },
    redis: { url: raw.REDIS_URL as string | undefined, prefix: raw.REDIS_PREFIX as string, embeddedMaxRestarts: raw.REDIS_EMBEDDED_MAX_RESTARTS as number },
    health: { unrecoveredSeconds: raw.HEALTH_UNRECOVERED_SECONDS as number },
    roles: raw.WARTA_ROLES as Config['roles'],
    demo: raw.WARTA_DEMO as boolean,
    demoCustomers: raw.WARTA_DEMO_CUSTOMERS as boolean,
    auth: {
      jwtSecret,
      accessTtlSeconds: raw.ACCESS_TOKEN_TTL_SECONDS as number,
      refreshTtlDays: raw.REFRESH_TOKEN_TTL_DAYS as number,
      passwordResetTtlMinutes: raw.PASSWORD_RESET_TTL_MINUTES as number,
      limits: {
        loginFreeFailures: raw.AUTH_LOGIN_FREE_FAILURES as number,
        loginIpFailuresPerHour: raw.AUTH_LOGIN_IP_FAILURES_PER_HOUR as number,
        loginEmailFailuresPerHour: raw.AUTH_LOGIN_EMAIL_FAILURES_PER_HOUR as number,
        registerPerHour: raw.AUTH_REGISTER_PER_HOUR as number,
        refreshPerMinute: raw.AUTH_REFRESH_PER_MINUTE as number,
      },
    },
    smtp: { url: raw.SMTP_URL as string | undefined, from: (raw.SMTP_FROM as string | undefined) || 'Warta <no-reply@localhost>' },
    metrics: { token: raw.METRICS_TOKEN as string | undefined },
    outbound: { allowHosts: raw.OUTBOUND_ALLOW_HOSTS as string[], allowHttp: raw.OUTBOUND_ALLOW_HTTP as boolean },
    ai: { testPerMinute: raw.AI_TEST_PER_MINUTE as number },
    secretKey: Buffer.from(secretKey, 'hex'),
    log: { level: raw.LOG_LEVEL as Config['log']['level'] },
    web: { dir: raw.WARTA_WEB_DIR ? resolve(cwd, raw.WARTA_WEB_DIR as string) : existsSync(join(defaultWeb, 'index.html')) ? defaultWeb : undefined },
    whatsapp: {
      wsUrl: raw.WA_WS_URL as string | undefined,
      restoreConcurrency: raw.WA_RESTORE_CONCURRENCY as number,
      maxDevicesPerTenant: raw.MAX_DEVICES_PER_TENANT as number,
      keyCacheMaxEntries: raw.WA_KEY_CACHE_MAX_ENTRIES as number,
      watchdogSeconds: raw.WA_CONNECT_WATCHDOG_SECONDS as number,
      leaseTtlSeconds: raw.WA_LEASE_TTL_SECONDS as number,
    },
    worker: { concurrency: raw.WORKER_CONCURRENCY as number, lockMs: raw.QUEUE_LOCK_MS as number },
    llm: { timeoutMs: raw.OPENAI_TIMEOUT_MS as number },
    media: {
      store: raw.MEDIA_STORE as 'fs' | 's3',
      dir: resolve(cwd, (raw.MEDIA_DIR as string | undefined) ?? join(dataDir, 'media')),
      s3: {
        endpoint: raw.S3_ENDPOINT as string | undefined, region: raw.S3_REGION as string, bucket: raw.S3_BUCKET as string | undefined,
        accessKeyId: raw.S3_ACCESS_KEY_ID as string | undefined, secretAccessKey: raw.S3_SECRET_ACCESS_KEY as string | undefined,
        forcePathStyle: raw.S3_FORCE_PATH_STYLE as boolean,
      },
      maxBytes: {
        image: (raw.MEDIA_MAX_IMAGE_MB as number) * MB, sticker: (raw.MEDIA_MAX_IMAGE_MB as number) * MB,
        audio: (raw.MEDIA_MAX_AUDIO_MB as number) * MB, video: (raw.MEDIA_MAX_VIDEO_MB as number) * MB,
        document: (raw.MEDIA_MAX_DOCUMENT_MB as number) * MB,
      },
      urlTtlSeconds: raw.MEDIA_URL_TTL_SECONDS as number,
      retentionDays: raw.MEDIA_RETENTION_DAYS as number,
      sweepIntervalMs: (raw.MEDIA_SWEEP_INTERVAL_SECONDS as number) * 1000,
      fetchConcurrency: raw.MEDIA_FETCH_CONCURRENCY as number,
      imageThreads: raw.MEDIA_IMAGE_THREADS as number,
      orphanGraceMs: (raw.MEDIA_ORPHAN_GRACE_SECONDS as number) * 1000,
      simCaPem: env.WA_SIM === '1' ? (raw.WA_SIM_MEDIA_CA as string | undefined) || undefined : undefined,
    },
    apiKeys: { requestsPerMinute: raw.API_KEY_REQUESTS_PER_MINUTE as number },
    contacts: { checksPerMinute: raw.NUMBER_CHECKS_PER_MINUTE as number },
    pacing: {
      perMinute: raw.SEND_PACING_PER_MINUTE as number, burst: raw.SEND_PACING_BURST as number,
      jitterMs: raw.SEND_PACING_JITTER_MS as number, newContactsPerDay: raw.SEND_NEW_CONTACTS_PER_DAY as number,
      typingPresence: raw.SEND_TYPING_PRESENCE as boolean,
    },
    webhooks: {
      timeoutMs: raw.WEBHOOK_TIMEOUT_MS as number, retryBaseMs: raw.WEBHOOK_RETRY_BASE_MS as number,
      maxAttempts: raw.WEBHOOK_MAX_ATTEMPTS as number, concurrency: raw.WEBHOOK_CONCURRENCY as number,
      endpointConcurrency: raw.WEBHOOK_ENDPOINT_CONCURRENCY as number, disableAfterMs: raw.WEBHOOK_DISABLE_AFTER_SECONDS !== undefined ? (raw.WEBHOOK_DISABLE_AFTER_SECONDS as number) * 1000 : (raw.WEBHOOK_DISABLE_AFTER_MINUTES as number) * 60_000,
    },
    knowledge: {
      maxFileBytes: Math.round((raw.KNOWLEDGE_MAX_FILE_MB as number) * 1024 * 1024), maxPages: raw.KNOWLEDGE_MAX_PAGES as number,
      storageBytes: Math.round((raw.KNOWLEDGE_STORAGE_MB as number) * 1024 * 1024), ocrBin: raw.KNOWLEDGE_OCR_BIN as string,
    },
  }
}

/** The text of .env.example, generated from the key list so the two cannot drift apart. */
export function renderEnvExample(): string {
  const lines = ['# Warta configuration. Every key is optional: the defaults run the whole product embedded.', '']
  for (const key of CONFIG_KEYS) {
    lines.push(`# ${key.doc}`)
    if ('default' in key) lines.push(`${key.env}=${key.default}`)
    else lines.push(`# ${key.env}=${'example' in key ? key.example : ''}`)
    lines.push('')
  }
  return lines.join('\n')
}
