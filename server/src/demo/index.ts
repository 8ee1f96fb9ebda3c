// Everything demo mode adds, loaded by roles.ts with a dynamic import only when demo mode is on,
// so the normal start path never loads the simulator.
import type { FastifyInstance } from 'fastify'
import type { Logger } from 'pino'
import { inArray, and, eq } from 'drizzle-orm'
import type { Db } from '../db/client.js'
import type { QrStore } from '../modules/sessions/sessions.qr-store.js'
import { waSessions } from '../modules/sessions/sessions.tables.js'
import { startDemoSimulator } from './start-demo.js'
import { DemoChatter } from './demo-chatter.js'
import { demoRoutes, type DemoAiConfig } from './demo.routes.js'

export interface Demo {
  wsUrl: string
  /** The simulator's media host certificate: the media fetch trusts it (and only it) for 127.0.0.1. */
  mediaCaPem: string
  /** Call once the gateway is running (it needs to know which shops' numbers are connected here). */
  start(ownedDevices: () => string[]): void
  apiPlugin(qrStore: QrStore, aiConfig: DemoAiConfig): (app: FastifyInstance) => Promise<void>
  stop(): Promise<void>
  /** What the simulated customers received (tests check that a note never reached one). */
  receivedBy(customerPn: string): Array<{ text: string | undefined }>
}

export async function createDemo(deps: { db: Db; dataDir: string; logger: Logger; customersStartChats?: boolean }): Promise<Demo> {
  const simulator = await startDemoSimulator(deps.dataDir, deps.logger)
  let owned: () => string[] = () => []
  const chatter = new DemoChatter({
    sim: simulator.sim, logger: deps.logger,
    intervalMs: 20_000,
    startChats: deps.customersStartChats ?? true,
    connectedShops: async () => {
      const devices = owned()
      if (!devices.length) return []
      const rows = await deps.db.select({ phone: waSessions.phone }).from(waSessions)
        .where(and(inArray(waSessions.id, devices), eq(waSessions.state, 'connected')))
      return rows.map((r) => r.phone).filter((p): p is string => Boolean(p))
    },
  })
  return {
    wsUrl: simulator.sim.url,
    mediaCaPem: simulator.sim.mediaCaPem,
    start: (ownedDevices) => { owned = ownedDevices; chatter.start() },
    apiPlugin: (qrStore, aiConfig) => demoRoutes({ db: deps.db, sim: simulator.sim, qrStore, chatter, aiConfig }),
    stop: async () => { chatter.stop(); await simulator.close() },
    receivedBy: (pn) => simulator.sim.customer(pn)?.received().map((m) => ({ text: m.text })) ?? [],
  }
}
