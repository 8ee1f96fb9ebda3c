// `npm run bench:startup -- --json`: start-up time and idle memory of the product process, run the
// old way (TypeScript through tsx at run time) and the production way (node on the compiled dist/),
// in the same run, against the same PostgreSQL and Redis. Builds dist/ first. Prints one JSON line.
import { execFileSync } from 'node:child_process'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { argValue, hasFlag } from '../sim/cli/args.js'
import { startProduct } from '../test/e2e/product-process.js'
import { benchServices, rssOfPid } from './lib/services.js'

const runs = Number(argValue('--runs') ?? 3)
const settleMs = Number(argValue('--settle-ms') ?? 5000)
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!
const round = (x: number) => Math.round(x * 10) / 10

execFileSync('npm', ['run', 'build'], { cwd: join(import.meta.dirname, '..'), stdio: 'ignore' })
const svc = await benchServices('startup')
const env = {
  DATABASE_URL: svc.databaseUrl, REDIS_URL: svc.redisUrl, REDIS_PREFIX: svc.prefix,
  WARTA_DATA_DIR: join(tmpdir(), `warta-bench-startup-${Date.now()}`), LOG_LEVEL: 'error',
}

async function once(entry: 'tsx' | 'dist') {
  const t0 = performance.now()
  const product = await startProduct(env, { entry })
  const startMs = performance.now() - t0
  await sleep(settleMs)
  const idleRssMB = rssOfPid(product.child.pid!)
  await product.stop()
  return { startMs, idleRssMB }
}

// Interleaved, so neither mode always runs on a warmer (or busier) machine.
const samples = { tsx: [] as Array<{ startMs: number; idleRssMB: number }>, dist: [] as Array<{ startMs: number; idleRssMB: number }> }
for (let i = 0; i < runs; i++) {
  samples.tsx.push(await once('tsx'))
  samples.dist.push(await once('dist'))
}
const summary = (xs: Array<{ startMs: number; idleRssMB: number }>) => ({
  startMs: Math.round(median(xs.map((x) => x.startMs))), idleRssMB: round(median(xs.map((x) => x.idleRssMB))),
})
const tsx = summary(samples.tsx)
const node = summary(samples.dist)
await svc.close()
const result = { bench: 'startup', runs, tsx, node, startSpeedup: round(tsx.startMs / node.startMs), rssSavedMB: round(tsx.idleRssMB - node.idleRssMB) }
process.stdout.write(hasFlag('--json') ? `${JSON.stringify(result)}\n` : `${JSON.stringify(result, null, 2)}\n`)
