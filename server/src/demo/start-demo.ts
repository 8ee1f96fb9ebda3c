// Demo mode (`npm start -- --demo` / WARTA_DEMO=1): the WhatsApp simulator runs inside the product
// so a newcomer can pair a simulated phone and watch simulated customers chat, with no phone and no
// internet. The only production entry point allowed to load the simulator (lint enforces it).
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Logger } from 'pino'
import { WaSim, trustSimulatorRoot, parseSnapshot, serializeSnapshot } from '../../sim/index.js'
import { quietLibsignal } from '../../sim/cli/quiet.js'

export interface DemoSimulator {
  sim: WaSim
  save(): void
  close(): Promise<void>
}

/** Starts the in-process simulator, restoring the previous demo world from the data dir. */
export async function startDemoSimulator(dataDir: string, logger: Logger): Promise<DemoSimulator> {
  // The simulator's trust switch refuses to act without WA_SIM=1; demo mode is the one product
  // path that turns it on, for this process only.
  // eslint-disable-next-line no-restricted-properties
  process.env.WA_SIM = '1'
  // The simulated customers' libsignal logs session housekeeping to the console; keep it quiet.
  quietLibsignal()
  const file = join(dataDir, 'demo-simulator.json')
  const restore = existsSync(file) ? parseSnapshot(readFileSync(file, 'utf8')) : undefined
  const sim = await WaSim.start({ deliveryReceiptMs: 400, readReceiptMs: 2500, ...(restore ? { restore } : {}) })
  trustSimulatorRoot(sim.rootPublicKey)
  const save = () => { try { writeFileSync(file, serializeSnapshot(sim.snapshot())) } catch (err) { logger.warn({ err }, 'could not save the demo simulator state') } }
  sim.on('paired', save)
  logger.info({ url: sim.url }, 'demo mode: WhatsApp simulator running in-process')
  return { sim, save, close: async () => { save(); await sim.close() } }
}
