// Connects to Redis, or (with no REDIS_URL) runs a private redis-server from the PATH for this
// process: data under the data dir, AOF on, noeviction — the settings BullMQ needs to be safe.
import { spawn, execFileSync } from 'node:child_process'
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:net'
import { join } from 'node:path'
import { Redis, type RedisOptions } from 'ioredis'
import type { Logger } from 'pino'

export class RedisUnavailableError extends Error {}

export const NO_REDIS_MESSAGE = [
  'Warta needs Redis and none is configured or installed.',
  'Either install it (Debian/Ubuntu: `sudo apt-get install redis-server`; macOS: `brew install redis`)',
  'so Warta can start a private one under WARTA_DATA_DIR, or set REDIS_URL=redis://host:6379 to use yours.',
].join('\n')

export interface RedisHandle {
  url: string
  /** Creates a new connection. BullMQ workers need `maxRetriesPerRequest: null`. */
  connect(opts?: RedisOptions): Redis
  /** Stops the embedded server if this process started it. */
  close(): Promise<void>
  embedded: boolean
}

function findRedisServer(): string | undefined {
  try {
    return execFileSync('sh', ['-c', 'command -v redis-server'], { encoding: 'utf8' }).trim() || undefined
  } catch {
    return undefined
  }
}

const freePort = () => new Promise<number>((resolve, reject) => {
  const srv = createServer()
  srv.once('error', reject)
  srv.listen(0, '127.0.0.1', () => {
    const { port } = srv.address() as { port: number }
    srv.close(() => resolve(port))
  })
})

async function waitForPing(url: string, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs
  while (Date.now() < deadline) {
    const client = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null })
    client.on('error', () => {})
    try {
      await client.connect()
      if ((await client.ping()) === 'PONG') { client.disconnect(); return true }
    } catch { /* not up yet */ }
    client.disconnect()
    await new Promise((r) => setTimeout(r, 100))
  }
  return false
}

const isAlive = (pid: number) => { try { process.kill(pid, 0); return true } catch { return false } }

async function startEmbedded(dataDir: string, logger: Logger): Promise<{ url: string; stop: () => Promise<void> }> {
  const bin = findRedisServer()
  if (!bin) throw new RedisUnavailableError(NO_REDIS_MESSAGE)
  const dir = join(dataDir, 'redis')
  mkdirSync(dir, { recursive: true })
  const stateFile = join(dir, 'embedded.json')
  // A previous run that was killed with SIGKILL leaves its redis-server running. Reuse it rather
  // than starting a second one on the same AOF files.
  if (existsSync(stateFile)) {
    const prev = JSON.parse(readFileSync(stateFile, 'utf8')) as { pid: number; port: number }
    const url = `redis://127.0.0.1:${prev.port}`
    if (isAlive(prev.pid) && await waitForPing(url, 1000)) {
      logger.info({ port: prev.port }, 'reusing embedded redis-server left by a previous run')
      return { url, stop: async () => { try { process.kill(prev.pid, 'SIGTERM') } catch { /* gone */ } } }
    }
  }
  const port = await freePort()
  const child = spawn(bin, [
    '--port', String(port), '--bind', '127.0.0.1', '--dir', dir,
    '--appendonly', 'yes', '--appendfsync', 'everysec', '--save', '',
    '--maxmemory-policy', 'noeviction', '--protected-mode', 'yes', '--daemonize', 'no',
    '--logfile', join(dir, 'redis.log'),
  ], { stdio: 'ignore', detached: false })
  child.unref()
  writeFileSync(stateFile, JSON.stringify({ pid: child.pid, port }))
  const url = `redis://127.0.0.1:${port}`
  if (!(await waitForPing(url, 10_000))) {
    child.kill('SIGKILL')
    throw new RedisUnavailableError(`redis-server at ${bin} did not start; see ${join(dir, 'redis.log')}`)
  }
  logger.info({ port, dir }, 'started embedded redis-server (AOF, noeviction)')
  return {
    url,
    stop: () => new Promise<void>((resolve) => {
      if (child.exitCode !== null) return resolve()
      child.once('exit', () => resolve())
      child.kill('SIGTERM')
      setTimeout(() => { child.kill('SIGKILL'); resolve() }, 5000).unref()
    }),
  }
}

/** BullMQ loses jobs silently when Redis evicts keys; say so loudly at boot. */
async function warnOnEviction(client: Redis, logger: Logger): Promise<void> {
  try {
    const res = (await client.config('GET', 'maxmemory-policy')) as string[]
    const policy = res[1]
    if (policy && policy !== 'noeviction') {
      logger.warn({ policy }, 'Redis maxmemory-policy is not noeviction: queued jobs may be evicted and lost. Set maxmemory-policy noeviction.')
    }
  } catch {
    logger.warn('could not read Redis maxmemory-policy (CONFIG GET refused); make sure it is noeviction')
  }
}

export async function openRedis(opts: { url: string | undefined; dataDir: string; logger: Logger }): Promise<RedisHandle> {
  let url = opts.url
  let stop = async () => {}
  if (!url) ({ url, stop } = await startEmbedded(opts.dataDir, opts.logger))
  const probe = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 1 })
  probe.on('error', () => {})
  try {
    await probe.connect()
    await probe.ping()
  } catch (err) {
    probe.disconnect()
    throw new RedisUnavailableError(`cannot reach Redis at ${url.replace(/\/\/[^@]*@/, '//***@')}: ${(err as Error).message}`)
  }
  await warnOnEviction(probe, opts.logger)
  probe.disconnect()
  const finalUrl = url
  return {
    url: finalUrl,
    embedded: !opts.url,
    connect: (o) => {
      const c = new Redis(finalUrl, o ?? {})
      c.on('error', (err) => opts.logger.warn({ err: err.message }, 'redis connection error'))
      return c
    },
    close: stop,
  }
}
