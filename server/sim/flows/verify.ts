// Real XEdDSA verification (libsignal returns false for a bad signature; it does not throw).
import { createRequire } from 'node:module'

const require = createRequire(import.meta.url)
const curve = require('libsignal/src/curve.js') as { verifySignature(pub: Uint8Array, msg: Uint8Array, sig: Uint8Array): boolean }

export function strictVerify(pubKey: Uint8Array, message: Uint8Array, signature: Uint8Array): boolean {
  try {
    return curve.verifySignature(pubKey.length === 33 ? pubKey : Buffer.concat([Buffer.from([5]), pubKey]), message, signature) === true
  } catch {
    return false
  }
}
