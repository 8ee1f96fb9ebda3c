// Makes Baileys in this process trust the simulator's root key instead of WhatsApp's: sets
// WA_CERT_DETAILS.PUBLIC_KEY on the same module instance the product imports. Guarded: refuses to
// act unless WA_SIM=1, so nothing can switch it on by accident in production.
import { WA_CERT_DETAILS } from '@whiskeysockets/baileys'

export function trustSimulatorRoot(rootPublicKey: Uint8Array): void {
  if (process.env.WA_SIM !== '1') throw new Error('trustSimulatorRoot refuses to run without WA_SIM=1 (simulator trust is for tests, load tests and demo mode only)')
  ;(WA_CERT_DETAILS as { PUBLIC_KEY: Uint8Array }).PUBLIC_KEY = Buffer.from(rootPublicKey)
}
