// The bare-Baileys baseline: N stock Baileys sockets in this process, restored from a fixture,
// against a simulator in another process. No product code: the product's bench:sessions runs this
// in the same run and compares its own per-session memory with these numbers.
import { spawn } from 'node:child_process'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { WASocket } from '@whiskeysockets/baileys'
import { memoryAuth, simSocket } from '../testing/baileys-client.js'
import { trustSimulatorRoot } from '../trust.js'
import { fixtureFiles, fixtureSize, loadFixtureSessionTexts, reviveSession } from './fixture.js'
import { control, startSimProcess, type SimEndpoint } from './sim-process.js'
import { waitOpen } from './wait.js'

export interface BareLoadOptions {
  sessions: number
  /** Restored when it holds enough sessions; (re)created first otherwise. */
  fixtureDir: string
  /** Re-logins in flight at once. Default 50. */
  batch?: number
  /** An already running simulator restored from this fixture; by default one is spawned. */
  sim?: SimEndpoint
}

export interface BareLoadResult {
  sessions: number
  open: number
  /** Wall time of first-time pairing when the fixture had to be created in this run, else null. */
  pairSeconds: number | null
  reloginSeconds: number
  clientRssPerSessionMB: number
  clientHeapPerSessionMB: number
  simRssMB: number
}

const mb = (bytes: number) => bytes / 1048576
const round = (x: number) => Math.round(x * 100) / 100

/** Full GCs until memory stops shrinking: per-session numbers are differences of two such readings. */
async function settledMemory(): Promise<{ rss: number; heap: number }> {
  const gc = (globalThis as { gc?: () => void }).gc
  for (let i = 0; i < 3; i++) { gc?.(); await new Promise((r) => setTimeout(r, 100)) }
  const m = process.memoryUsage()
  return { rss: mb(m.rss), heap: mb(m.heapUsed) }
}

/** Pairing runs in a child process so this process's memory baseline carries none of its garbage. */
async function createFixtureInChild(n: number, dir: string): Promise<number> {
  const script = join(dirname(fileURLToPath(import.meta.url)), '../cli/load.ts')
  const child = spawn(process.execPath, ['--import', 'tsx', script, '--create-fixture', String(n), '--fixture', dir], { stdio: ['ignore', 'pipe', 'inherit'] })
  let out = ''
  child.stdout!.on('data', (d) => { out += String(d) })
  const code = await new Promise<number | null>((r) => child.on('exit', r))
  if (code !== 0) throw new Error(`fixture creation failed (${code}): ${out}`)
  return (JSON.parse(out.trim().split('\n').pop()!) as { pairSeconds: number }).pairSeconds
}

export async function runBareLoad(opts: BareLoadOptions): Promise<BareLoadResult> {
  let pairSeconds: number | null = null
  if (fixtureSize(opts.fixtureDir) < opts.sessions) {
    if (opts.sim) throw new Error('the given simulator needs a fixture with enough sessions; create it first')
    pairSeconds = await createFixtureInChild(opts.sessions, opts.fixtureDir)
  }
  const saved = loadFixtureSessionTexts(opts.fixtureDir).slice(0, opts.sessions)
  const spawned = opts.sim ? undefined : await startSimProcess({ restore: fixtureFiles(opts.fixtureDir).sim })
  const sim = opts.sim ?? spawned!
  process.env.WA_SIM = '1'
  trustSimulatorRoot(Buffer.from(sim.rootPublicKey, 'hex'))
  const sockets: WASocket[] = []
  try {
    // Baseline: Baileys loaded, the fixture as plain text, no session state and no socket yet —
    // measured like the product bench measures its idle process. (A warm-up session was tried: its
    // freed pages inflate the RSS baseline and the RSS figure drops below the heap figure.)
    const before = await settledMemory()
    const started = Date.now()
    const opened: boolean[] = []
    const batch = opts.batch ?? 50
    for (let i = 0; i < saved.length; i += batch) {
      const part = saved.slice(i, i + batch).map((s) => { const sock = simSocket(sim.url, memoryAuth(reviveSession(s))); sockets.push(sock); return waitOpen(sock, 60_000) })
      opened.push(...(await Promise.all(part)))
    }
    const reloginSeconds = (Date.now() - started) / 1000
    await new Promise((r) => setTimeout(r, 2000)) // let post-open init queries settle
    const after = await settledMemory()
    const simStats = await control<{ rssMB: number }>(sim, '/stats')
    const open = opened.filter(Boolean).length
    return {
      sessions: saved.length, open, pairSeconds, reloginSeconds: round(reloginSeconds),
      clientRssPerSessionMB: round((after.rss - before.rss) / Math.max(1, open)),
      clientHeapPerSessionMB: round((after.heap - before.heap) / Math.max(1, open)),
      simRssMB: simStats.rssMB,
    }
  } finally {
    for (const s of sockets) s.end(undefined)
    await spawned?.stop()
  }
}
