// The bare-Baileys baseline: N stock Baileys sockets in this process against a simulator in
// another process, paired in bounded batches (hundreds of first pairings at once stall 2 cores,
// research/wa-protocol.md §8) or restored from a fixture. No product code. The product's
// bench:sessions runs this in the same run for its comparison, and reuses the fixture.
import { spawn, type ChildProcess } from 'node:child_process'
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join, dirname } from 'node:path'
import { fileURLToPath } from 'node:url'
import { BufferJSON, type WASocket } from '@whiskeysockets/baileys'
import { memoryAuth, simSocket, type MemoryAuth } from '../testing/baileys-client.js'
import { trustSimulatorRoot } from '../trust.js'

const serveScript = join(dirname(fileURLToPath(import.meta.url)), 'serve.ts')

export interface SimProcess { url: string; controlUrl: string; rootPublicKey: string; child: ChildProcess; stop(): Promise<void> }

export async function startSimProcess(opts: { restore?: string } = {}): Promise<SimProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', serveScript, ...(opts.restore ? ['--restore', opts.restore] : [])], { stdio: ['ignore', 'pipe', 'inherit'] })
  const line = await new Promise<string>((resolve, reject) => {
    let buf = ''
    child.stdout!.on('data', (d) => { buf += String(d); const nl = buf.indexOf('\n'); if (nl >= 0) resolve(buf.slice(0, nl)) })
    child.on('exit', (code) => reject(new Error(`simulator exited with ${code}`)))
  })
  const info = JSON.parse(line) as { url: string; controlUrl: string; rootPublicKey: string }
  return { ...info, child, stop: async () => { child.kill('SIGTERM'); await new Promise((r) => child.once('exit', r)) } }
}

export async function control<T>(sim: { controlUrl: string }, path: string, body?: unknown): Promise<T> {
  const res = await fetch(`${sim.controlUrl}${path}`, body === undefined ? {} : { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })
  if (!res.ok) throw new Error(`sim control ${path}: ${res.status} ${await res.text()}`)
  return (await res.json()) as T
}

const rssMB = () => process.memoryUsage().rss / 1048576
const gc = () => { (globalThis as { gc?: () => void }).gc?.() }

function waitOpen(sock: WASocket, timeoutMs: number): Promise<boolean> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), timeoutMs)
    sock.ev.on('connection.update', (u) => {
      if (u.connection === 'open') { clearTimeout(timer); resolve(true) }
      if (u.connection === 'close') { clearTimeout(timer); resolve(false) }
    })
  })
}

async function pairOne(sim: SimProcess): Promise<MemoryAuth | undefined> {
  const auth = memoryAuth()
  const sock = simSocket(sim.url, auth)
  const qr = await new Promise<string | undefined>((resolve) => {
    const t = setTimeout(() => resolve(undefined), 60_000)
    sock.ev.on('connection.update', (u) => { if (u.qr) { clearTimeout(t); resolve(u.qr) } })
  })
  if (!qr) { sock.end(undefined); return undefined }
  const { pn } = await control<{ pn: string }>(sim, '/phones', {})
  const closed = new Promise<void>((resolve) => sock.ev.on('connection.update', (u) => { if (u.connection === 'close') resolve() }))
  await control(sim, `/phones/${pn}/scan`, { qr })
  await closed // 515 after pairing
  const again = simSocket(sim.url, auth)
  const ok = await waitOpen(again, 60_000)
  again.end(undefined)
  return ok ? auth : undefined
}

/** Pairs N sessions in batches and saves the fixture (sim snapshot + client credentials). */
export async function createFixture(n: number, dir: string, batch = 25): Promise<{ pairSeconds: number }> {
  mkdirSync(dir, { recursive: true })
  const sim = await startSimProcess()
  process.env.WA_SIM = '1'
  trustSimulatorRoot(Buffer.from(sim.rootPublicKey, 'hex'))
  const started = Date.now()
  const auths: MemoryAuth[] = []
  for (let i = 0; i < n; i += batch) {
    const results = await Promise.all(Array.from({ length: Math.min(batch, n - i) }, () => pairOne(sim)))
    for (const a of results) if (a) auths.push(a)
  }
  const pairSeconds = (Date.now() - started) / 1000
  const snapshot = await fetch(`${sim.controlUrl}/snapshot`).then((r) => r.text())
  writeFileSync(join(dir, 'sim.json'), snapshot)
  writeFileSync(join(dir, 'sessions.json'), JSON.stringify(auths.map((a) => ({ creds: a.creds, keys: a.keys })), BufferJSON.replacer))
  await sim.stop()
  return { pairSeconds }
}

async function createFixtureInChild(n: number, dir: string): Promise<number> {
  const script = join(dirname(fileURLToPath(import.meta.url)), 'load.ts')
  const child = spawn(process.execPath, ['--import', 'tsx', script, '--create-fixture', String(n), dir], { stdio: ['ignore', 'pipe', 'inherit'] })
  let out = ''
  child.stdout!.on('data', (d) => { out += String(d) })
  const code = await new Promise<number | null>((r) => child.on('exit', r))
  if (code !== 0) throw new Error(`fixture creation failed (${code}): ${out}`)
  return (JSON.parse(out.trim().split('\n').pop()!) as { pairSeconds: number }).pairSeconds
}

export function loadFixtureSessions(dir: string): Array<{ creds: MemoryAuth['creds']; keys: MemoryAuth['keys'] }> {
  return JSON.parse(readFileSync(join(dir, 'sessions.json'), 'utf8'), BufferJSON.reviver) as Array<{ creds: MemoryAuth['creds']; keys: MemoryAuth['keys'] }>
}

export interface BareLoadResult { sessions: number; open: number; pairSeconds: number | null; reloginSeconds: number; clientRssPerSessionMB: number; simRssMB: number }

export async function runBareLoad(opts: { sessions: number; fixtureDir: string; batch?: number }): Promise<BareLoadResult> {
  let pairSeconds: number | null = null
  const haveFixture = existsSync(join(opts.fixtureDir, 'sessions.json')) && loadFixtureSessions(opts.fixtureDir).length >= opts.sessions
  // Pair in a child process so this process's memory baseline is not inflated by pairing work.
  if (!haveFixture) pairSeconds = await createFixtureInChild(opts.sessions, opts.fixtureDir)
  const saved = loadFixtureSessions(opts.fixtureDir).slice(0, opts.sessions)
  const sim = await startSimProcess({ restore: join(opts.fixtureDir, 'sim.json') })
  process.env.WA_SIM = '1'
  trustSimulatorRoot(Buffer.from(sim.rootPublicKey, 'hex'))
  gc()
  const before = rssMB()
  const started = Date.now()
  const sockets: WASocket[] = []
  const opened: boolean[] = []
  const batch = opts.batch ?? 50
  for (let i = 0; i < saved.length; i += batch) {
    const part = saved.slice(i, i + batch).map((s) => { const sock = simSocket(sim.url, memoryAuth(s)); sockets.push(sock); return waitOpen(sock, 60_000) })
    opened.push(...(await Promise.all(part)))
  }
  const reloginSeconds = (Date.now() - started) / 1000
  await new Promise((r) => setTimeout(r, 2000)) // let post-open init queries settle
  gc()
  const after = rssMB()
  const simStats = await control<{ rssMB: number }>(sim, '/stats')
  for (const s of sockets) s.end(undefined)
  await sim.stop()
  const open = opened.filter(Boolean).length
  return {
    sessions: saved.length, open, pairSeconds, reloginSeconds: round(reloginSeconds),
    clientRssPerSessionMB: round((after - before) / Math.max(1, open)), simRssMB: simStats.rssMB,
  }
}

const round = (x: number) => Math.round(x * 100) / 100
