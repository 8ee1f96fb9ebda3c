// The Noise certificate chain: root → intermediate → leaf (the server's static key), signed with
// XEdDSA like WhatsApp's (sim/PROTOCOL.md §2). `wrong-root` signs the intermediate with a key other
// than the root the client trusts: a correct client must refuse it (the gateway's Curve.verify fix
// is tested so).
import { Curve, proto, type KeyPair } from '@whiskeysockets/baileys'

export type CertMode = 'own' | 'wrong-root'

export function buildCertChain(root: KeyPair, serverStatic: KeyPair, mode: CertMode = 'own'): Uint8Array {
  const signer = mode === 'wrong-root' ? Curve.generateKeyPair() : root
  const intermediate = Curve.generateKeyPair()
  const Details = proto.CertChain.NoiseCertificate.Details
  const now = Math.floor(Date.now() / 1000)
  const interDetails = Details.encode({ serial: 1, issuerSerial: 0, key: intermediate.public, notBefore: now - 3600, notAfter: now + 86400 * 365 }).finish()
  const leafDetails = Details.encode({ serial: 2, issuerSerial: 1, key: serverStatic.public, notBefore: now - 3600, notAfter: now + 86400 * 30 }).finish()
  return proto.CertChain.encode({
    intermediate: { details: interDetails, signature: Curve.sign(signer.private, interDetails) },
    leaf: { details: leafDetails, signature: Curve.sign(intermediate.private, leafDetails) },
  }).finish()
}
