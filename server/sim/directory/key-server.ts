// The key server: hands out pre-key bundles (consuming one-time pre-keys like WhatsApp does) and
// stores what companions upload. sim/PROTOCOL.md §7.
import type { BinaryNode } from '@whiskeysockets/baileys'
import type { Bundle } from '../parties/signal-party.js'
import { bigEndian, bufferOf, child, children } from '../wire/nodes.js'
import type { Directory } from './directory.js'
import type { Companion, SignedPreKeyPublic } from './types.js'

export class KeyServer {
  /** Called after a companion's one-time pre-key was handed out (low-count notification). */
  onPreKeyTaken: ((companion: Companion) => void) | undefined

  constructor(private readonly dir: Directory) {}

  /** What the key server returns for a device; consumes one of its one-time pre-keys. */
  bundleFor(jid: string): Bundle | undefined {
    const r = this.dir.resolve(jid)
    if (!r) return undefined
    if (r.kind !== 'companion') return r.party.takeBundle()
    const c = r.companion
    const first = c.serverPreKeys.entries().next()
    let preKey: Bundle['preKey']
    if (!first.done) {
      const [keyId, pub] = first.value
      c.serverPreKeys.delete(keyId)
      preKey = { keyId, keyPair: { public: pub } }
      this.onPreKeyTaken?.(c)
    }
    return {
      registrationId: c.registrationId, identity: c.identity,
      signedPreKey: { keyId: c.signedPreKey.keyId, keyPair: { public: c.signedPreKey.keyPair.public, private: Buffer.alloc(0) }, signature: c.signedPreKey.signature },
      ...(preKey ? { preKey } : {}),
    }
  }

  /** `<list><key><id/><value/></key>…</list>` plus optional `<skey>` from an upload IQ. */
  storeUpload(c: Companion, iq: BinaryNode): number {
    const keys = children(child(iq, 'list'), 'key')
    for (const k of keys) c.serverPreKeys.set(bigEndian(bufferOf(child(k, 'id'))), bufferOf(child(k, 'value'))!)
    const skey = child(iq, 'skey')
    if (skey) c.signedPreKey = signedPreKeyOf(skey)
    return keys.length
  }

  /** Signed pre-key rotation (`<rotate><skey/></rotate>`). */
  rotate(c: Companion, skey: BinaryNode): void { c.signedPreKey = signedPreKeyOf(skey) }
}

const signedPreKeyOf = (skey: BinaryNode): SignedPreKeyPublic => ({
  keyId: bigEndian(bufferOf(child(skey, 'id'))),
  keyPair: { public: bufferOf(child(skey, 'value'))! },
  signature: bufferOf(child(skey, 'signature'))!,
})
