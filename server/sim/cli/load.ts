// `npm run sim:load -- --sessions 100 --json [--fixture DIR]`: the bare-Baileys baseline.
import { join } from 'node:path'
import { tmpdir } from 'node:os'
import { argValue, hasFlag } from './args.js'
import { createFixture, runBareLoad } from './bare-load.js'
import { quietLibsignal } from './quiet.js'

quietLibsignal()
const create = argValue('--create-fixture')
if (create) {
  const made = await createFixture(Number(create), process.argv[process.argv.indexOf('--create-fixture') + 2]!)
  process.stdout.write(`${JSON.stringify(made)}\n`)
  process.exit(0)
}
const sessions = Number(argValue('--sessions') ?? 20)
const fixtureDir = argValue('--fixture') ?? join(tmpdir(), `warta-sim-fixture-${sessions}`)
const result = await runBareLoad({ sessions, fixtureDir })
process.stdout.write(hasFlag('--json') ? `${JSON.stringify(result)}\n` : `${JSON.stringify(result, null, 2)}\n`)
process.exit(result.open === result.sessions ? 0 : 1)
