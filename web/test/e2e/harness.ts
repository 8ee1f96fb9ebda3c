// Browser tests against the REAL server: a fresh PostgreSQL database on the local server, a
// private Redis key prefix, the API server as production runs it (node on the compiled
// server/dist/src/main.js) in demo mode on a free port serving the built SPA, and headless Debian
// Chromium. Builds nothing: the root `test:e2e` script builds the dashboard and the server first.
//
// Environment (all optional):
//   E2E_PG_ADMIN_URL  admin connection used to create/drop the database (postgres://postgres@127.0.0.1:5432/postgres)
//   E2E_REDIS_URL     Redis to use (redis://127.0.0.1:6379/9)
//   E2E_FRONT         "server" (default: the API server serves the SPA via WARTA_WEB_DIR) or "proxy"
//                     (a local static server + /api proxy in front of the API server, like nginx)
//   E2E_KEEP=1        keep the database and the temp dir for debugging
//   CHROMIUM_PATH     /usr/bin/chromium
//
// No 5xx, ever: every response a browser context or ApiUser receives and every "request failed"
// / "unhandled error" line the server logs is collected, and close() fails the run when any was
// seen (so a suite that passes its assertions still fails on a hidden 500).
import { spawn, type ChildProcess } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { chromium, type BrowserContext, type Page } from 'playwright-core'
import postgres from 'postgres'
import { startStaticProxy } from './static-proxy'

export const WEB_DIR = resolve(__dirname, '..', '..')
export const REPO_DIR = resolve(WEB_DIR, '..')
export const SPA_DIR = join(WEB_DIR, '.output', 'public')
export const SERVER_MAIN = join(REPO_DIR, 'server', 'dist', 'src', 'main.js')
export const ARTIFACTS_DIR = join(WEB_DIR, 'test-artifacts')

export const CHROMIUM_ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
  '--disable-sync', '--no-first-run', '--disable-quic', '--disable-dev-shm-usage',
]

export async function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const s = createServer()
    s.once('error', reject)
    s.listen(0, '127.0.0.1', () => {
      const a = s.address()
      const port = typeof a === 'object' && a ? a.port : 0
      s.close(() => resolvePort(port))
    })
  })
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

export interface Harness {
  /** Where the browser goes (the SPA and /api on one origin). */
  baseUrl: string
  /** The API server itself. */
  apiUrl: string
  context: BrowserContext
  /** A fresh browser context (own cookies and storage) — e.g. for a second user. */
  newContext: (viewport?: { width: number; height: number }) => Promise<BrowserContext>
  serverLog: () => string
  close: () => Promise<void>
}

interface ServerProcess { child: ChildProcess; log: string[]; exited: Promise<number | null> }

/** 5xx answers seen in this run (browser responses, ApiUser calls, the server's own error log). */
const serverErrors: string[] = []
export function recordServerError(what: string): void {
  serverErrors.push(what)
}

/** The server logs every 5xx it answers as "request failed" (AppError ≥ 500) or "unhandled error". */
function scanServerLog(): (chunk: Buffer) => void {
  let partial = ''
  return (chunk) => {
    const lines = (partial + chunk.toString()).split('\n')
    partial = lines.pop() ?? ''
    for (const line of lines) {
      if (!line.includes('"level":5') && !line.includes('"level":6')) continue
      try {
        const entry = JSON.parse(line) as { level: number; msg?: string; req?: { method?: string; url?: string }; reqId?: string }
        if (entry.msg === 'request failed' || entry.msg === 'unhandled error') recordServerError(`server log: ${entry.msg} ${line.slice(0, 400)}`)
      } catch { /* not a JSON log line */ }
    }
  }
}

function spawnServer(env: Record<string, string>): ServerProcess {
  const log: string[] = []
  const scan = scanServerLog()
  const child = spawn(process.execPath, [SERVER_MAIN], {
    cwd: REPO_DIR,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  const keep = (b: Buffer) => { scan(b); log.push(b.toString()); if (log.length > 400) log.splice(0, 100) }
  child.stdout!.on('data', keep)
  child.stderr!.on('data', keep)
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)))
  return { child, log, exited }
}

async function waitReady(url: string, server: ServerProcess, timeoutMs = 90_000): Promise<boolean> {
  const deadline = Date.now() + timeoutMs
  let exited = false
  void server.exited.then(() => { exited = true })
  while (Date.now() < deadline) {
    if (exited) return false
    try {
      const res = await fetch(`${url}/readyz`)
      if (res.ok) return true
    } catch { /* not listening yet */ }
    await sleep(250)
  }
  throw new Error(`server not ready after ${timeoutMs} ms:\n${server.log.join('')}`)
}

async function stopServer(server: ServerProcess): Promise<void> {
  if (server.child.exitCode !== null) return
  server.child.kill('SIGTERM')
  const done = await Promise.race([server.exited.then(() => true), sleep(10_000).then(() => false)])
  if (!done) server.child.kill('SIGKILL')
}

export async function startHarness(opts: { viewport?: { width: number; height: number }; env?: Record<string, string> } = {}): Promise<Harness> {
  serverErrors.length = 0
  if (!existsSync(join(SPA_DIR, 'index.html'))) throw new Error(`no built SPA in ${SPA_DIR}: run \`npm run build -w web\` first`)
  if (!existsSync(SERVER_MAIN)) throw new Error(`no compiled server at ${SERVER_MAIN}: run \`npm run build -w server\` first`)
  const id = `${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`
  const tmp = mkdtempSync(join(tmpdir(), 'warta-web-e2e-'))
  mkdirSync(ARTIFACTS_DIR, { recursive: true })

  // Database: a fresh one per run on the local PostgreSQL, dropped afterwards.
  const adminUrl = process.env.E2E_PG_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres'
  const dbName = `warta_web_e2e_${id}`
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} })
  await admin.unsafe(`create database "${dbName}"`)
  const dbUrl = new URL(adminUrl)
  dbUrl.pathname = `/${dbName}`

  const redisUrl = process.env.E2E_REDIS_URL ?? 'redis://127.0.0.1:6379/9'
  const redisPrefix = `warta-web-e2e-${id}`
  const port = await freePort()
  const apiUrl = `http://127.0.0.1:${port}`
  const baseEnv = {
    PORT: String(port), HOST: '127.0.0.1', PUBLIC_URL: apiUrl,
    WARTA_DATA_DIR: join(tmp, 'data'), DATABASE_URL: dbUrl.toString(), REDIS_URL: redisUrl, REDIS_PREFIX: redisPrefix,
    // The product's real rate limits: browser tests must pass with what owners get.
    WARTA_DEMO: '1', WARTA_ROLES: 'api,gateway,worker', LOG_LEVEL: process.env.E2E_LOG_LEVEL ?? 'warn',
    ...opts.env,
  }

  const front = process.env.E2E_FRONT === 'proxy' ? 'proxy' : 'server'
  const server = spawnServer({ ...baseEnv, WARTA_WEB_DIR: front === 'server' ? SPA_DIR : join(tmp, 'no-web') })
  if (!(await waitReady(apiUrl, server))) {
    await admin.unsafe(`drop database if exists "${dbName}" with (force)`).catch(() => {})
    await admin.end()
    throw new Error(`server exited before it was ready:\n${server.log.join('')}`)
  }
  const proxy = front === 'proxy' ? await startStaticProxy({ root: SPA_DIR, apiPort: port }) : null
  const baseUrl = proxy?.url ?? apiUrl

  const contexts: BrowserContext[] = []
  async function newContext(viewport = opts.viewport ?? { width: 1280, height: 800 }): Promise<BrowserContext> {
    const ctx = await chromium.launchPersistentContext(mkdtempSync(join(tmp, 'chromium-')), {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      headless: true,
      args: CHROMIUM_ARGS,
      viewport,
      locale: 'id-ID',
      baseURL: baseUrl,
    })
    contexts.push(ctx)
    ctx.on('response', (r) => { if (r.status() >= 500) recordServerError(`${r.status()} ${r.request().method()} ${r.url()}`) })
    return ctx
  }
  const context = await newContext()

  return {
    baseUrl,
    apiUrl,
    context,
    newContext,
    serverLog: () => server.log.join(''),
    async close() {
      for (const c of contexts) await c.close().catch(() => {})
      await proxy?.close()
      await stopServer(server)
      if (process.env.E2E_KEEP !== '1') {
        await admin.unsafe(`drop database if exists "${dbName}" with (force)`).catch((e) => console.warn('[e2e] drop database failed', e))
        await clearRedisPrefix(redisUrl, redisPrefix)
        rmSync(tmp, { recursive: true, force: true })
      } else {
        console.log(`[e2e] kept database ${dbName} and ${tmp}`)
      }
      await admin.end()
      if (serverErrors.length) throw new Error(`the server answered 5xx during this run:\n${serverErrors.join('\n')}`)
    },
  }
}

async function clearRedisPrefix(url: string, prefix: string): Promise<void> {
  try {
    const { default: Redis } = await import('ioredis')
    const redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 1 })
    await redis.connect()
    let cursor = '0'
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 500)
      cursor = next
      if (keys.length) await redis.del(...keys)
    } while (cursor !== '0')
    await redis.quit()
  } catch (e) {
    console.warn('[e2e] could not clear the Redis prefix', (e as Error).message)
  }
}

/** The API, as a test helper (setup and assertions), logged in with a bearer token. */
export class ApiUser {
  constructor(readonly baseUrl: string, readonly token: string) {}

  static async login(baseUrl: string, email: string, password: string): Promise<ApiUser> {
    const res = await fetch(`${baseUrl}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password }) })
    if (res.status >= 500) recordServerError(`${res.status} POST /auth/login (ApiUser)`)
    if (!res.ok) throw new Error(`login ${email}: ${res.status} ${await res.text()}`)
    return new ApiUser(baseUrl, ((await res.json()) as { accessToken: string }).accessToken)
  }

  static async register(baseUrl: string, input: { businessName: string; email: string; password: string; name?: string }): Promise<ApiUser> {
    const res = await fetch(`${baseUrl}/api/v1/auth/register`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(input) })
    if (res.status >= 500) recordServerError(`${res.status} POST /auth/register (ApiUser)`)
    if (!res.ok) throw new Error(`register: ${res.status} ${await res.text()}`)
    return new ApiUser(baseUrl, ((await res.json()) as { accessToken: string }).accessToken)
  }

  async call<T = unknown>(method: string, path: string, body?: unknown): Promise<{ status: number; body: T }> {
    const res = await fetch(`${this.baseUrl}/api/v1${path}`, {
      method,
      headers: { authorization: `Bearer ${this.token}`, ...(body !== undefined || method !== 'GET' ? { 'content-type': 'application/json' } : {}) },
      body: body !== undefined ? JSON.stringify(body) : method === 'GET' || method === 'DELETE' ? undefined : '{}',
    })
    const text = await res.text()
    if (res.status >= 500) recordServerError(`${res.status} ${method} ${path} (ApiUser)`)
    return { status: res.status, body: (text ? JSON.parse(text) : undefined) as T }
  }

  async get<T = unknown>(path: string): Promise<T> {
    const r = await this.call<T>('GET', path)
    if (r.status >= 400) throw new Error(`GET ${path}: ${r.status} ${JSON.stringify(r.body)}`)
    return r.body
  }
}

/** Polls `fn` until it returns a truthy value. */
export async function eventually<T>(fn: () => Promise<T | null | undefined | false>, what: string, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs
  let last: unknown
  while (Date.now() < deadline) {
    try {
      const v = await fn()
      if (v) return v
    } catch (e) {
      last = e
    }
    await sleep(250)
  }
  throw new Error(`timed out waiting for ${what}${last ? `: ${(last as Error).message}` : ''}`)
}

/** Collects browser errors so a test can assert the page stayed clean. */
export function watchPage(page: Page): { errors: string[] } {
  const errors: string[] = []
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`))
  page.on('console', (m) => { if (m.type() === 'error' && !/status of 4\d\d/.test(m.text())) errors.push(`console: ${m.text()}`) })
  page.on('requestfailed', (r) => { if (!r.url().includes('/api/v1/events') && r.failure()?.errorText !== 'net::ERR_ABORTED') errors.push(`requestfailed: ${r.url()} ${r.failure()?.errorText}`) })
  return { errors }
}
