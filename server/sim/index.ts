// Public API of the WhatsApp Web simulator (test tooling; the product loads it only in demo mode).
export { WaSim, type WaSimOptions, type SimStats } from './sim.js'
export { SimPhone, SimCustomer } from './handles.js'
export { trustSimulatorRoot } from './trust.js'
export type { OutgoingMessage } from './flows/messaging.js'
export type { Companion } from './directory.js'
export { serializeSnapshot, parseSnapshot, type SimSnapshot } from './state/snapshot.js'
export type { CertMode } from './transport/cert-chain.js'
