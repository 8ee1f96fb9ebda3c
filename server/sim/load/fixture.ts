// A load fixture: N sessions paired once, saved on both sides so every later run (the bare
// baseline here, the product's bench:sessions) restores them instead of pairing again.
//   DIR/sim.json       the simulator snapshot (BufferJSON)            → WaSim.start({ restore }) / serve.ts --restore
//   DIR/sessions.json  [{ creds, keys }] per session (BufferJSON)     → memoryAuth(saved) or the product's auth store
//   DIR/fixture.json   { sessions, createdAt, pairSeconds, baileys }
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { join } from 'node:path'
import { BufferJSON } from '@whiskeysockets/baileys'
import { memoryAuth, simSocket, type MemoryAuth, type SavedAuth } from '../testing/baileys-client.js'
import { trustSimulatorRoot } from '../trust.js'
import { control, startSimProcess, type SimEndpoint } from './sim-process.js'
import { waitOpen } from './wait.js'

export type FixtureSession = SavedAuth

export const fixtureFiles = (dir: string) => ({ sim: join(dir, 'sim.json'), sessions: join(dir, 'sessions.json'), manifest: join(dir, 'fixture.json') })

export function loadFixtureSessions(dir: string): FixtureSession[] {
  return JSON.parse(readFileSync(fixtureFiles(dir).sessions, 'utf8'), BufferJSON.reviver) as FixtureSession[]
}

/**
 * The sessions as one JSON text each, not yet revived: the load baseline is measured before any
 * session state exists as objects, so per-session memory includes the auth state a bare Baileys
 * session keeps in memory, as the product's number includes its own.
 */
export function loadFixtureSessionTexts(dir: string): string[] {
  const text = readFileSync(fixtureFiles(dir).sessions, 'utf8')
  // Fixtures are written one session per line (see writeSessions), so no object graph is built here.
  const lines = text.split('\n')
  if (lines[0] === '[' && lines.at(-1) === ']') return lines.slice(1, -1).map((l) => (l.endsWith(',') ? l.slice(0, -1) : l))
  return (JSON.parse(text) as unknown[]).map((s) => JSON.stringify(s)) // an older single-line fixture
}

/** A JSON array with one session per line: valid JSON, and cheap to split without parsing. */
function writeSessions(file: string, sessions: FixtureSession[]): void {
  writeFileSync(file, `[\n${sessions.map((s) => JSON.stringify(s, BufferJSON.replacer)).join(',\n')}\n]`)
}

export const reviveSession = (text: string): FixtureSession => JSON.parse(text, BufferJSON.reviver) as FixtureSession

export function fixtureSize(dir: string): number {
  const f = fixtureFiles(dir)
  if (!existsSync(f.sim) || !existsSync(f.sessions)) return 0
  // The manifest, when present, avoids reviving every session just to count them (that garbage
  // would also sit in the load tool's memory baseline).
  if (existsSync(f.manifest)) return (JSON.parse(readFileSync(f.manifest, 'utf8')) as { sessions: number }).sessions
  return loadFixtureSessionTexts(dir).length
}

/** QR → control-API scan → 515 → re-login with the saved creds → open. */
async function pairOne(sim: SimEndpoint): Promise<MemoryAuth | undefined> {
  const auth = memoryAuth()
  const sock = simSocket(sim.url, auth)
  const qr = await new Promise<string | undefined>((resolve) => {
    const timer = setTimeout(() => resolve(undefined), 60_000)
    sock.ev.on('connection.update', (u) => { if (u.qr) { clearTimeout(timer); resolve(u.qr) } })
  })
  if (!qr) { sock.end(undefined); return undefined }
  const closed = new Promise<void>((resolve) => sock.ev.on('connection.update', (u) => { if (u.connection === 'close') resolve() }))
  const { pn } = await control<{ pn: string }>(sim, '/phones', {})
  await control(sim, `/phones/${pn}/scan`, { qr })
  await closed // 515 after pairing
  const again = simSocket(sim.url, auth)
  const ok = await waitOpen(again, 60_000)
  again.end(undefined)
  return ok ? auth : undefined
}

/**
 * Pairs `n` stock Baileys sessions against a fresh simulator process, `batch` at a time (hundreds
 * of first pairings at once stall 2 cores on pre-key generation, sim/PROTOCOL.md §14), and writes
 * the fixture. A pairing that fails is retried once.
 */
export async function createFixture(n: number, dir: string, batch = 25): Promise<{ sessions: number; pairSeconds: number }> {
  mkdirSync(dir, { recursive: true })
  const sim = await startSimProcess()
  try {
    process.env.WA_SIM = '1'
    trustSimulatorRoot(Buffer.from(sim.rootPublicKey, 'hex'))
    const started = Date.now()
    const auths: MemoryAuth[] = []
    for (let i = 0; i < n; i += batch) {
      const results = await Promise.all(Array.from({ length: Math.min(batch, n - i) }, async () => (await pairOne(sim)) ?? pairOne(sim)))
      for (const a of results) if (a) auths.push(a)
    }
    const pairSeconds = Math.round((Date.now() - started) / 10) / 100
    const files = fixtureFiles(dir)
    writeFileSync(files.sim, await fetch(`${sim.controlUrl}/snapshot`).then((r) => r.text()))
    writeSessions(files.sessions, auths.map((a): FixtureSession => ({ creds: a.creds, keys: a.keys })))
    const baileys = (createRequire(import.meta.url)('@whiskeysockets/baileys/package.json') as { version: string }).version
    writeFileSync(files.manifest, JSON.stringify({ sessions: auths.length, createdAt: new Date().toISOString(), pairSeconds, baileys }, null, 2))
    return { sessions: auths.length, pairSeconds }
  } finally {
    await sim.stop()
  }
}
