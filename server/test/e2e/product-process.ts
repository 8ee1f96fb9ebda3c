// Runs the product as a real child process, for tests that kill it with SIGKILL or run two
// gateways side by side: from the TypeScript through tsx (default: no build step), or from the
// compiled dist/ the way production and `npm start` run it.
import { spawn, type ChildProcess } from 'node:child_process'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { Config } from '../../src/config/config.js'
import { reapOnExit } from '../../sim/load/sim-process.js'

const serverDir = join(dirname(fileURLToPath(import.meta.url)), '../..')

/** The preload that lets a product process trust the simulator's certificate root. */
export const SIM_PRELOAD = join(serverDir, 'sim/preload.mjs')

/** Environment for a product process on a test's own database and Redis prefix, talking to `sim`. */
export function simProductEnv(config: Config, redisUrl: string, sim: { url: string; rootPublicKey: Buffer }): Record<string, string> {
  return {
    DATABASE_URL: config.db.url!, REDIS_URL: redisUrl, REDIS_PREFIX: config.redis.prefix,
    WA_WS_URL: sim.url, WA_SIM: '1', WA_SIM_ROOT_PUB: sim.rootPublicKey.toString('hex'),
    WARTA_DATA_DIR: config.dataDir, JWT_SECRET: config.auth.jwtSecret, WARTA_SECRET_KEY: config.secretKey.toString('hex'),
    ...(config.metrics.token ? { METRICS_TOKEN: config.metrics.token } : {}),
  }
}

export interface ProductProcess {
  child: ChildProcess
  url: string
  output(): string
  /** SIGKILL: no shutdown hooks, no flushing — a crash. */
  kill(): Promise<void>
  /** SIGTERM and wait for a clean exit. */
  stop(): Promise<number | null>
}

/** The compiled entry point (`npm run build -w server`). */
export const DIST_MAIN = join(serverDir, 'dist/src/main.js')

export interface StartOptions {
  preload?: string
  timeoutMs?: number
  /** Flags NODE_OPTIONS refuses, such as --cpu-prof for a benchmark's profile. */
  nodeArgs?: string[]
  /** 'tsx' runs src/main.ts through tsx; 'dist' runs the compiled output with plain node (default: WARTA_TEST_ENTRY, else tsx). */
  entry?: 'tsx' | 'dist'
}

export async function startProduct(env: Record<string, string>, opts: StartOptions = {}): Promise<ProductProcess> {
  // The root `npm test` builds first and sets WARTA_TEST_ENTRY=dist: the crash tests start and
  // restart product processes dozens of times, and compiled JavaScript starts in about half the
  // time tsx needs (8 s against 13–15 s measured on a loaded 2-core machine).
  const dist = (opts.entry ?? (process.env.WARTA_TEST_ENTRY === 'dist' ? 'dist' : 'tsx')) === 'dist'
  const args = [
    ...(opts.nodeArgs ?? []), ...(dist ? [] : ['--import', 'tsx']), ...(opts.preload ? ['--import', opts.preload] : []),
    dist ? DIST_MAIN : join(serverDir, 'src/main.ts'),
  ]
  const child = spawn(process.execPath, args, {
    cwd: serverDir,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', LOG_LEVEL: 'warn', PORT: '0', WARTA_WEB_DIR: '/nonexistent', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  reapOnExit(child)
  let out = ''
  child.stdout!.on('data', (d) => { out += String(d) })
  child.stderr!.on('data', (d) => { out += String(d) })
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)))
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`product did not start in time:\n${out}`)), opts.timeoutMs ?? 60_000)
    const check = () => {
      const m = /Warta is running at (http:\/\/[^\s]+)/.exec(out)
      if (m) { clearTimeout(timer); resolve(m[1]!) }
    }
    child.stdout!.on('data', check)
    void exited.then((code) => { clearTimeout(timer); reject(new Error(`product exited with ${code} before starting:\n${out}`)) })
  })
  return {
    child, url,
    output: () => out,
    kill: async () => { child.kill('SIGKILL'); await exited },
    stop: async () => { child.kill('SIGTERM'); return exited },
  }
}
