// Security fix for Baileys rc14: its `Curve.verify` wraps libsignal's `verifySignature` in
// try/catch and treats "did not throw" as valid, but libsignal 6 *returns* false for a bad
// signature. So any certificate chain passes the Noise check and any ADV account signature passes
// pairing — a man-in-the-middle with any key is accepted. Baileys' noise handler and pairing code
// call `Curve.verify` through the exported object at call time, so replacing the property makes
// the gateway check signatures for real against the trusted root (WA_CERT_DETAILS.PUBLIC_KEY).
import { createRequire } from 'node:module'
import { Curve } from '@whiskeysockets/baileys'

const require = createRequire(import.meta.url)
const libsignalCurve = require('libsignal/src/curve.js') as {
  verifySignature(pubKey: Uint8Array, msg: Uint8Array, sig: Uint8Array): boolean
}

const KEY_BUNDLE_TYPE = Buffer.from([5])
const withVersionByte = (key: Uint8Array) => (key.length === 33 ? key : Buffer.concat([KEY_BUNDLE_TYPE, key]))

let installed = false

export function strictVerify(pubKey: Uint8Array, message: Uint8Array, signature: Uint8Array): boolean {
  try {
    return libsignalCurve.verifySignature(withVersionByte(pubKey), message, signature) === true
  } catch {
    return false
  }
}

/** Idempotent; called once when the Baileys adapter is created. */
export function installStrictSignatureVerification(): void {
  if (installed) return
  ;(Curve as { verify: typeof strictVerify }).verify = strictVerify
  installed = true
}
