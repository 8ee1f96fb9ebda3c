// `npm run sim`: the simulator as its own process for a product running elsewhere. Prints ONE JSON
// line — { url, controlUrl, rootPublicKey (hex), mediaCaPem, pid } — then serves until SIGTERM/SIGINT.
// Options: --port N, --restore FILE (a snapshot), --snapshot-on-exit FILE, --delivery-ms N,
// --read-ms N, --refs N. The product side needs WA_SIM=1, WA_WS_URL=url and WA_SIM_ROOT_PUB with
// `node --import server/sim/preload.mjs` (or trustSimulatorRoot in-process); media downloads need
// WA_SIM_MEDIA_CA=mediaCaPem (the media host's self-signed certificate).
import { readFileSync, writeFileSync } from 'node:fs'
import { WaSim } from '../sim.js'
import { parseSnapshot, serializeSnapshot } from '../state/snapshot.js'
import { argValue } from './args.js'
import { quietLibsignal } from './quiet.js'

quietLibsignal() // stdout carries the one JSON line; libsignal's session chatter must not follow it
const num = (name: string) => { const v = argValue(name); return v === undefined ? undefined : Number(v) }
const restoreFile = argValue('--restore')
const saveFile = argValue('--snapshot-on-exit')
const sim = await WaSim.start({
  port: num('--port') ?? 0,
  ...(num('--delivery-ms') !== undefined ? { deliveryReceiptMs: num('--delivery-ms')! } : {}),
  ...(num('--read-ms') !== undefined ? { readReceiptMs: num('--read-ms')! } : {}),
  ...(num('--refs') !== undefined ? { refsPerPairing: num('--refs')! } : {}),
  ...(restoreFile ? { restore: parseSnapshot(readFileSync(restoreFile, 'utf8')) } : {}),
})
process.stdout.write(`${JSON.stringify({ url: sim.url, controlUrl: sim.controlUrl, rootPublicKey: sim.rootPublicKey.toString('hex'), mediaCaPem: sim.mediaCaPem, pid: process.pid })}\n`)
let stopping = false
const stop = async () => {
  if (stopping) return
  stopping = true
  if (saveFile) writeFileSync(saveFile, serializeSnapshot(sim.snapshot()))
  await sim.close()
  process.exit(0)
}
process.on('SIGTERM', () => void stop())
process.on('SIGINT', () => void stop())
