// PostgreSQL and Redis servers that belong to one test run (or one test), started from the
// binaries on this machine on free loopback ports. They can be stopped and started again on the
// same port and data, so a chaos test can take them away without touching the servers every other
// suite shares.
import { execFile, execFileSync, spawn, type ChildProcess } from 'node:child_process'
import { promisify } from 'node:util'
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Redis } from 'ioredis'

export const freePort = () => new Promise<number>((resolve, reject) => {
  const srv = createServer()
  srv.once('error', reject)
  srv.listen(0, '127.0.0.1', () => {
    const { port } = srv.address() as { port: number }
    srv.close(() => resolve(port))
  })
})

export async function canConnectRedis(url: string): Promise<boolean> {
  const r = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null, connectTimeout: 2000 })
  r.on('error', () => {})
  try { await r.connect(); return (await r.ping()) === 'PONG' } catch { return false } finally { r.disconnect() }
}

function pgBin(): string | undefined {
  const base = '/usr/lib/postgresql'
  if (!existsSync(base)) return undefined
  const versions = readdirSync(base).sort((a, b) => Number(b) - Number(a))
  for (const v of versions) if (existsSync(join(base, v, 'bin/initdb'))) return join(base, v, 'bin')
  return undefined
}

/** A throwaway PostgreSQL cluster; as root it runs the server as the postgres user. */
export class ThrowawayPostgres {
  private constructor(private readonly bin: string, private readonly dir: string, readonly port: number) {}

  /** Maintenance URL (database `postgres`, user `postgres`, trust auth). */
  get url(): string { return `postgres://postgres@127.0.0.1:${this.port}/postgres` }

  static async create(): Promise<ThrowawayPostgres> {
    const bin = pgBin()
    if (!bin) throw new Error('No PostgreSQL binaries under /usr/lib/postgresql. Install them: apt-get install postgresql')
    const dir = mkdtempSync(join(tmpdir(), 'warta-pg-'))
    chmodSync(dir, 0o777)
    const pg = new ThrowawayPostgres(bin, dir, await freePort())
    await pg.run('initdb', ['-D', join(dir, 'data'), '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--locale=C.UTF-8'])
    await pg.start()
    return pg
  }

  /** Starts the server and waits until it takes connections. */
  async start(): Promise<void> {
    await this.run('pg_ctl', ['-D', join(this.dir, 'data'), '-l', join(this.dir, 'server.log'), '-w', '-t', '30', '-o',
      `-p ${this.port} -k ${this.dir} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300`, 'start'])
  }

  /** Stops the server: 'fast' ends sessions cleanly (a restart), 'immediate' is a crash. */
  async stop(mode: 'fast' | 'immediate' = 'immediate'): Promise<void> {
    try { await this.run('pg_ctl', ['-D', join(this.dir, 'data'), '-m', mode, '-w', 'stop']) } catch { /* already down */ }
  }

  // Never blocks the event loop: a test's simulator and probes run in this process.
  private async run(cmd: string, args: string[]): Promise<void> {
    const path = join(this.bin, cmd)
    const asRoot = process.getuid?.() === 0
    await promisify(execFile)(asRoot ? 'runuser' : path, asRoot ? ['-u', 'postgres', '--', path, ...args] : args)
  }
}

/** A throwaway redis-server; with `appendonly` it can be killed and started again with its data. */
export class ThrowawayRedis {
  private child: ChildProcess | undefined

  private constructor(private readonly bin: string, private readonly dir: string, readonly port: number, private readonly appendonly: boolean) {}

  get url(): string { return `redis://127.0.0.1:${this.port}` }

  static async create(opts: { appendonly?: boolean } = {}): Promise<ThrowawayRedis> {
    let bin: string
    try { bin = execFileSync('sh', ['-c', 'command -v redis-server'], { encoding: 'utf8' }).trim() } catch { bin = '' }
    if (!bin) throw new Error('No redis-server on the PATH. Install it: apt-get install redis-server')
    const dir = mkdtempSync(join(tmpdir(), 'warta-redis-'))
    mkdirSync(dir, { recursive: true })
    const redis = new ThrowawayRedis(bin, dir, await freePort(), opts.appendonly ?? false)
    await redis.start()
    return redis
  }

  /** Starts the server on the same port and dir (the AOF restores the data) and waits for PONG. */
  async start(): Promise<void> {
    this.child = spawn(this.bin, [
      '--port', String(this.port), '--bind', '127.0.0.1', '--dir', this.dir, '--save', '',
      '--appendonly', this.appendonly ? 'yes' : 'no', '--appendfsync', 'everysec', '--maxmemory-policy', 'noeviction',
    ], { stdio: 'ignore' })
    for (let i = 0; i < 300 && !(await canConnectRedis(this.url)); i++) await new Promise((r) => setTimeout(r, 100))
    if (!(await canConnectRedis(this.url))) throw new Error(`redis-server on port ${this.port} did not start`)
  }

  /** SIGKILL, and wait until it is gone (its port is free again). */
  async kill(): Promise<void> {
    const c = this.child
    this.child = undefined
    if (!c || c.exitCode !== null || c.signalCode !== null) return
    await new Promise<void>((resolve) => { c.once('exit', () => resolve()); c.kill('SIGKILL') })
  }
}
