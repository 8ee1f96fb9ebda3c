// `npm run bench:sessions -- --sessions 200 --json`: the product's gateway restoring N paired
// sessions (from a simulator fixture) in its own process, against the bare-Baileys baseline
// measured in the same run. Prints one JSON line. A benchmark, not a test.
import { join } from 'node:path'
import { tmpdir } from 'node:os'
import { parseSnapshot } from '../sim/index.js'
import { loadFixtureSessions, startSimProcess, type BareLoadResult } from '../sim/cli/bare-load.js'
import { argValue, hasFlag } from '../sim/cli/args.js'
import { quietLibsignal } from '../sim/cli/quiet.js'
import { SIM_PRELOAD, startProduct } from '../test/e2e/product-process.js'
import { importSessions } from './lib/import-sessions.js'
import { benchServices, rssOfPid } from './lib/services.js'
import { readFileSync } from 'node:fs'
import { spawn } from 'node:child_process'
import { fileURLToPath } from 'node:url'

quietLibsignal()
const sessions = Number(argValue('--sessions') ?? 50)
// Several WhatsApp numbers per shop (issue 16): each shop links this many of the sessions.
const perTenant = Math.max(1, Number(argValue('--numbers-per-tenant') ?? 2))
// Production runs the compiled server (`npm run build`): --entry dist measures that; tsx by default.
const entry = argValue('--entry') === 'dist' ? 'dist' as const : 'tsx' as const
// --heap-mb N: the product's V8 heap limit (what an operator sets with NODE_OPTIONS for a big host).
const heapMb = argValue('--heap-mb')
const nodeArgs = heapMb ? [`--max-old-space-size=${Number(heapMb)}`] : []
// BENCH_CPU_PROFILE_DIR=dir writes a V8 CPU profile of the restoring product (and the simulator).
const profileDir = process.env.BENCH_CPU_PROFILE_DIR
const profile = (name: string) => (profileDir ? ['--cpu-prof', `--cpu-prof-dir=${join(profileDir, name)}`] : [])
const fixtureDir = argValue('--fixture') ?? join(tmpdir(), `warta-sim-fixture-${sessions}`)
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

async function bareLoadInChild(n: number, dir: string): Promise<BareLoadResult> {
  const script = fileURLToPath(new URL('../sim/cli/load.ts', import.meta.url))
  const child = spawn(process.execPath, ['--expose-gc', '--import', 'tsx', script, '--sessions', String(n), '--fixture', dir, '--json'], { stdio: ['ignore', 'pipe', 'inherit'] })
  let out = ''
  child.stdout!.on('data', (d) => { out += String(d) })
  const code = await new Promise<number | null>((r) => child.on('exit', r))
  const last = out.trim().split('\n').pop() ?? ''
  if (!last.startsWith('{')) throw new Error(`the bare-Baileys baseline failed (${code}): ${out.slice(-2000)}`)
  return JSON.parse(last) as BareLoadResult
}

// 1. Baseline: bare Baileys, same machine, same run (also creates the fixture on first use). In a
// child process under --expose-gc, as `npm run sim:load` runs it: its memory figure is taken after
// real collections, and what its N sockets leave behind (stock Baileys' N AsyncLocalStorages stay
// enabled after the sockets end, so every later promise of that process walks them all) cannot
// slow this process's polling of the product.
// --skip-bare: the product only, for looking into it (the ratios then read null).
const bare = hasFlag('--skip-bare') ? undefined : await bareLoadInChild(sessions, fixtureDir)
void parseSnapshot(readFileSync(join(fixtureDir, 'sim.json'), 'utf8'))

// 2. The product: an idle gateway process first (its own baseline), then one restoring N sessions.
const svc = await benchServices('sessions')
const sim = await startSimProcess({ restore: join(fixtureDir, 'sim.json'), nodeArgs: profile('sim') })
const env = {
  DATABASE_URL: svc.databaseUrl, REDIS_URL: svc.redisUrl, REDIS_PREFIX: svc.prefix, WA_WS_URL: sim.url,
  WA_SIM: '1', WA_SIM_ROOT_PUB: sim.rootPublicKey, WARTA_DATA_DIR: join(tmpdir(), `warta-bench-${Date.now()}`),
  WARTA_ROLES: 'api,gateway', WA_RESTORE_CONCURRENCY: '16', LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? 'error', METRICS_TOKEN: `bench-metrics-${Date.now()}-token`,
}
const preload = SIM_PRELOAD
const idle = await startProduct(env, { preload, entry, nodeArgs })
await sleep(3000)
const idleRss = rssOfPid(idle.child.pid!)
await idle.stop()

const tenants = await importSessions(svc.database.db, loadFixtureSessions(fixtureDir).slice(0, sessions), { perTenant })
const started = Date.now()
const product = await startProduct(env, { preload, entry, nodeArgs: [...nodeArgs, ...profile('product')] })
const listeningSeconds = (Date.now() - started) / 1000
let connected = 0
let productRestoreSeconds = -1
let peakRss = 0
let exited: number | null | undefined
let lastProgress = 0
product.child.on('exit', (code) => { exited = code })
const deadline = Date.now() + Math.max(300_000, sessions * 600)
while (Date.now() < deadline && exited === undefined) {
  try { peakRss = Math.max(peakRss, rssOfPid(product.child.pid!)) } catch { /* it just ended */ }
  const metrics = await fetch(`${product.url}/metrics`, { headers: { authorization: `Bearer ${env.METRICS_TOKEN}` } }).then((r) => r.text()).catch(() => '')
  connected = Number(/warta_sessions\{state="connected"\} (\d+)/.exec(metrics)?.[1] ?? 0)
  // The value line, not the "# HELP warta_gateway_restore_seconds How long…" line above it (read as
  // NaN, that kept every earlier run waiting for its deadline).
  productRestoreSeconds = Number(/^warta_gateway_restore_seconds (\S+)$/m.exec(metrics)?.[1] ?? -1)
  if (connected >= sessions && productRestoreSeconds >= 0) break
  // --progress: the connected count over time on stderr (where a slow restore spends its time).
  if (hasFlag('--progress') && Date.now() - lastProgress >= 5000) {
    lastProgress = Date.now()
    process.stderr.write(`${Math.round((Date.now() - started) / 1000)} s: ${connected} connected, restore pass ${productRestoreSeconds >= 0 ? 'done' : 'running'}, RSS ${Math.round(peakRss)} MB\n`)
  }
  await sleep(250)
}
// From spawning the process (boot, migrations check, then the restore) to every number connected.
const restoreSeconds = (Date.now() - started) / 1000
await sleep(2000)
if (exited !== undefined) {
  // The product died during the restore: say how, with what it printed, instead of a bare ENOENT.
  process.stderr.write(`product exited (${exited}) after ${Math.round(restoreSeconds)} s with ${connected} of ${sessions} connected, peak RSS ${Math.round(peakRss)} MB:\n${product.output().slice(-3000)}\n`)
  await sim.stop()
  await svc.close()
  process.exit(1)
}
if (process.env.BENCH_DEBUG_OUTPUT) process.stderr.write(product.output())
const fullRss = rssOfPid(product.child.pid!)
await product.stop()
await sim.stop()
await svc.close()

const rssPerSessionMB = (fullRss - idleRss) / Math.max(1, connected)
const round = (x: number) => Math.round(x * 100) / 100
const result = {
  sessions, open: connected,
  rssPerSessionMB: round(rssPerSessionMB), bareRssPerSessionMB: bare?.clientRssPerSessionMB ?? null,
  ratio: bare ? round(rssPerSessionMB / Math.max(0.01, bare.clientRssPerSessionMB)) : null,
  restoreSeconds: round(restoreSeconds), bareReloginSeconds: bare?.reloginSeconds ?? null,
  restoreRatio: bare ? round(restoreSeconds / Math.max(0.01, bare.reloginSeconds)) : null,
  // The gateway's own restore pass (from the manager's start to the last session open), which is
  // what bare Baileys' re-login measures: no process boot in either.
  gatewayRestoreSeconds: productRestoreSeconds >= 0 ? round(productRestoreSeconds) : null,
  gatewayRestoreRatio: bare && productRestoreSeconds >= 0 ? round(productRestoreSeconds / Math.max(0.01, bare.reloginSeconds)) : null,
  listeningSeconds: round(listeningSeconds), entry, tenants: tenants.length, numbersPerTenant: perTenant,
  productIdleRssMB: round(idleRss), productRssMB: round(fullRss), productPeakRssMB: round(peakRss), bareOpen: bare?.open ?? null,
}
process.stdout.write(hasFlag('--json') ? `${JSON.stringify(result)}\n` : `${JSON.stringify(result, null, 2)}\n`)
process.exit(connected === sessions ? 0 : 1)
