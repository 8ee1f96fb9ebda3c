// `npm run sim`: the simulator as its own process. Prints one JSON line with its URL, control URL
// and root key, then serves until killed. Options: --port N, --restore FILE (a snapshot), and
// --snapshot-on-exit FILE.
import { readFileSync, writeFileSync } from 'node:fs'
import { WaSim } from '../sim.js'
import { parseSnapshot, serializeSnapshot } from '../state/snapshot.js'
import { argValue } from './args.js'

const restoreFile = argValue('--restore')
const saveFile = argValue('--snapshot-on-exit')
const sim = await WaSim.start({
  port: Number(argValue('--port') ?? 0),
  ...(restoreFile ? { restore: parseSnapshot(readFileSync(restoreFile, 'utf8')) } : {}),
})
process.stdout.write(`${JSON.stringify({ url: sim.url, controlUrl: sim.controlUrl, rootPublicKey: sim.rootPublicKey.toString('hex'), pid: process.pid })}\n`)
const stop = async () => {
  if (saveFile) writeFileSync(saveFile, serializeSnapshot(sim.snapshot()))
  await sim.close()
  process.exit(0)
}
process.on('SIGTERM', () => void stop())
process.on('SIGINT', () => void stop())
