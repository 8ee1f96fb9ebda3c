// `npm run sim:load -- --sessions 100 --json [--fixture DIR] [--batch 50] [--share-async-context]`: the bare-Baileys
// baseline (runs under --expose-gc). `--create-fixture N --fixture DIR` only pairs and saves.
import { join } from 'node:path'
import { tmpdir } from 'node:os'
import { argValue, hasFlag } from './args.js'
import { createFixture } from '../load/fixture.js'
import { runBareLoad } from '../load/bare-load.js'
import { quietLibsignal } from './quiet.js'

quietLibsignal()
const create = argValue('--create-fixture')
const sessions = Number(create ?? argValue('--sessions') ?? 20)
const fixtureDir = argValue('--fixture') ?? join(tmpdir(), `warta-sim-fixture-${sessions}`)
if (create) {
  process.stdout.write(`${JSON.stringify(await createFixture(sessions, fixtureDir))}\n`)
  process.exit(0)
}
if (!(globalThis as { gc?: unknown }).gc) process.stderr.write('sim:load: run with --expose-gc (npm run sim:load does) for honest memory numbers\n')
const batch = argValue('--batch')
// --share-async-context: bare Baileys with the gateway's one-AsyncLocalStorage fix
// (shared-async-context.ts), to compare the product with a baseline that does not pay Baileys'
// per-socket storage cost either.
if (hasFlag('--share-async-context')) (await import('../../src/adapters/whatsapp/baileys/shared-async-context.js')).shareAsyncLocalStorage()
const result = await runBareLoad({ sessions, fixtureDir, ...(batch ? { batch: Number(batch) } : {}) })
process.stdout.write(hasFlag('--json') ? `${JSON.stringify(result)}\n` : `${JSON.stringify(result, null, 2)}\n`)
process.exit(result.open === result.sessions ? 0 : 1)
