// The private redis-server that `npm start` runs when no REDIS_URL is given, and its supervisor.
// Data lives under the data dir with AOF on, so a redis-server that dies (OOM killer, kill -9)
// loses at most a second of writes; the supervisor starts it again on the same port and dir (every
// client reconnects to the same URL) with back-off, and gives up after a number of failed starts in
// a row. Giving up is reported through `gaveUp()`, which /healthz turns into a failure so an
// orchestrator restarts the whole process instead of leaving it half alive.
import { spawn, execFileSync, type ChildProcess } from 'node:child_process'
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:net'
import { join } from 'node:path'
import { Redis } from 'ioredis'
import type { Logger } from 'pino'

export class RedisUnavailableError extends Error {}

export const NO_REDIS_MESSAGE = [
  'Warta needs Redis and none is configured or installed.',
  'Either install it (Debian/Ubuntu: `sudo apt-get install redis-server`; macOS: `brew install redis`)',
  'so Warta can start a private one under WARTA_DATA_DIR, or set REDIS_URL=redis://host:6379 to use yours.',
].join('\n')

export interface EmbeddedRedis {
  url: string
  /** Why the server will not come back by itself (out of restarts), or undefined while it can. */
  gaveUp(): string | undefined
  stop(): Promise<void>
}

export interface SupervisorOptions {
  /** Failed starts in a row before the supervisor gives up (default 10). */
  maxRestarts?: number
  /** Wait before restart attempt n (1-based); default 250 ms doubling up to 10 s. */
  backoffMs?: (attempt: number) => number
  /** A server that stays up this long counts as recovered: the failure count starts again (default 30 s). */
  stableMs?: number
}

const defaultBackoff = (attempt: number) => Math.min(250 * 2 ** (attempt - 1), 10_000)

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

/** True once the server answers PING; false after `timeoutMs` or as soon as `gone()` says it died. */
export async function waitForPing(url: string, timeoutMs: number, gone: () => boolean = () => false): Promise<boolean> {
  const deadline = Date.now() + timeoutMs
  while (Date.now() < deadline && !gone()) {
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

export async function startEmbeddedRedis(dataDir: string, logger: Logger, opts: SupervisorOptions = {}): Promise<EmbeddedRedis> {
  const bin = findRedisServer()
  if (!bin) throw new RedisUnavailableError(NO_REDIS_MESSAGE)
  const dir = join(dataDir, 'redis')
  mkdirSync(dir, { recursive: true })
  const stateFile = join(dir, 'embedded.json')
  const maxRestarts = opts.maxRestarts ?? 10
  const backoff = opts.backoffMs ?? defaultBackoff
  const stableMs = opts.stableMs ?? 30_000

  let child: ChildProcess | undefined
  let foreignPid: number | undefined
  let port: number
  let stopping = false
  let gaveUp: string | undefined
  let failures = 0
  let downSince = 0
  let timers: NodeJS.Timeout[] = []
  const urlOf = () => `redis://127.0.0.1:${port}`
  const later = (ms: number, fn: () => void) => { const t = setTimeout(fn, ms); t.unref(); timers.push(t) }

  const spawnServer = (): ChildProcess => {
    const c = spawn(bin, [
      '--port', String(port), '--bind', '127.0.0.1', '--dir', dir,
      '--appendonly', 'yes', '--appendfsync', 'everysec', '--save', '',
      '--maxmemory-policy', 'noeviction', '--protected-mode', 'yes', '--daemonize', 'no',
      '--logfile', join(dir, 'redis.log'),
    ], { stdio: 'ignore', detached: false })
    // A spawn failure (binary removed) is an attempt that never answers PING; without a listener
    // it would be an uncaught exception.
    c.on('error', (err) => logger.warn({ err: err.message }, 'could not run redis-server'))
    c.unref()
    writeFileSync(stateFile, JSON.stringify({ pid: c.pid, port }))
    return c
  }

  // One line when the server goes away, one per failed attempt, one when it is back.
  const died = (how: string) => {
    if (stopping || gaveUp) return
    child = undefined
    foreignPid = undefined
    if (!downSince) {
      downSince = Date.now()
      logger.warn({ port, how }, 'embedded redis-server exited; restarting it')
    }
    scheduleRestart()
  }

  const scheduleRestart = () => {
    failures += 1
    if (failures > maxRestarts) {
      gaveUp = `embedded redis-server could not be restarted after ${maxRestarts} attempts; see ${join(dir, 'redis.log')}`
      logger.error({ port, attempts: maxRestarts }, 'embedded redis-server could not be restarted; /healthz now fails so the process gets restarted')
      return
    }
    later(backoff(failures), () => void restart())
  }

  const restart = async () => {
    if (stopping) return
    const c = spawnServer()
    let exited = false
    c.once('exit', () => { exited = true })
    if (!(await waitForPing(urlOf(), 10_000, () => exited)) || stopping) {
      if (stopping) return
      if (!exited) c.kill('SIGKILL')
      logger.warn({ port, attempt: failures }, 'embedded redis-server did not come back; trying again')
      scheduleRestart()
      return
    }
    watch(c)
    logger.info({ port, downMs: Date.now() - downSince, attempts: failures }, 'embedded redis-server restarted (data restored from its AOF)')
    downSince = 0
  }

  const watch = (c: ChildProcess) => {
    child = c
    c.once('exit', (code, signal) => { if (child === c) died(signal ?? `exit code ${code}`) })
    // Only a server that stays up resets the count, so a crash loop still ends in giving up.
    later(stableMs, () => { if (child === c) failures = 0 })
  }

  // A previous run that was killed with SIGKILL leaves its redis-server running. Reuse it rather
  // than starting a second one on the same AOF files; it is not our child, so watch its pid.
  if (existsSync(stateFile)) {
    const prev = JSON.parse(readFileSync(stateFile, 'utf8')) as { pid: number; port: number }
    if (isAlive(prev.pid) && await waitForPing(`redis://127.0.0.1:${prev.port}`, 1000)) {
      port = prev.port
      foreignPid = prev.pid
      logger.info({ port }, 'reusing embedded redis-server left by a previous run')
      const poll = setInterval(() => {
        if (foreignPid === undefined) return clearInterval(poll)
        if (!isAlive(foreignPid)) { clearInterval(poll); died('the previous run\'s server is gone') }
      }, 1000)
      poll.unref()
      timers.push(poll)
      return handle()
    }
  }
  port = await freePort()
  const first = spawnServer()
  let firstExited = false
  first.once('exit', () => { firstExited = true })
  if (!(await waitForPing(urlOf(), 10_000, () => firstExited))) {
    first.kill('SIGKILL')
    throw new RedisUnavailableError(`redis-server at ${bin} did not start; see ${join(dir, 'redis.log')}`)
  }
  watch(first)
  logger.info({ port, dir }, 'started embedded redis-server (AOF, noeviction)')
  return handle()

  function handle(): EmbeddedRedis {
    return {
      url: urlOf(),
      gaveUp: () => gaveUp,
      stop: () => new Promise<void>((resolve) => {
        stopping = true
        for (const t of timers) clearTimeout(t)
        timers = []
        if (foreignPid !== undefined) {
          try { process.kill(foreignPid, 'SIGTERM') } catch { /* gone */ }
          return resolve()
        }
        const c = child
        if (!c || c.exitCode !== null || c.signalCode !== null) return resolve()
        c.once('exit', () => resolve())
        c.kill('SIGTERM')
        setTimeout(() => { c.kill('SIGKILL'); resolve() }, 5000).unref()
      }),
    }
  }
}
