// Turns the environment (and argv) into the nested, typed Config. This is the only module that
// reads process.env; everything else receives the Config object.
import { randomBytes } from 'node:crypto'
import { mkdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { CONFIG_KEYS, type ConfigEnvKey } from './config.schema.js'

export interface Config {
  http: { port: number; host: string; publicUrl: string; trustProxy: boolean; bodyLimit: number }
  dataDir: string
  db: { url: string | undefined; poolSize: number; prepare: boolean }
  redis: { url: string | undefined; prefix: string }
  roles: { api: boolean; gateway: boolean; worker: boolean }
  demo: boolean
  auth: { jwtSecret: string; accessTtlSeconds: number; refreshTtlDays: number; rateLimitPerMinute: number }
  secretKey: Buffer
  log: { level: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent' }
  web: { dir: string | undefined }
  whatsapp: { wsUrl: string | undefined; restoreConcurrency: number; keyCacheMaxEntries: number; watchdogSeconds: number; leaseTtlSeconds: number }
  worker: { concurrency: number }
  llm: { timeoutMs: number }
}

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

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../..')

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
    redis: { url: raw.REDIS_URL as string | undefined, prefix: raw.REDIS_PREFIX as string },
    roles: raw.WARTA_ROLES as Config['roles'],
    demo: raw.WARTA_DEMO as boolean,
    auth: {
      jwtSecret,
      accessTtlSeconds: raw.ACCESS_TOKEN_TTL_SECONDS as number,
      refreshTtlDays: raw.REFRESH_TOKEN_TTL_DAYS as number,
      rateLimitPerMinute: raw.AUTH_RATE_LIMIT_PER_MINUTE as number,
    },
    secretKey: Buffer.from(secretKey, 'hex'),
    log: { level: raw.LOG_LEVEL as Config['log']['level'] },
    web: { dir: raw.WARTA_WEB_DIR ? resolve(cwd, raw.WARTA_WEB_DIR as string) : existsSync(join(defaultWeb, 'index.html')) ? defaultWeb : undefined },
    whatsapp: {
      wsUrl: raw.WA_WS_URL as string | undefined,
      restoreConcurrency: raw.WA_RESTORE_CONCURRENCY as number,
      keyCacheMaxEntries: raw.WA_KEY_CACHE_MAX_ENTRIES as number,
      watchdogSeconds: raw.WA_CONNECT_WATCHDOG_SECONDS as number,
      leaseTtlSeconds: raw.WA_LEASE_TTL_SECONDS as number,
    },
    worker: { concurrency: raw.WORKER_CONCURRENCY as number },
    llm: { timeoutMs: raw.OPENAI_TIMEOUT_MS as number },
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
