// A Signal participant played by the simulator: a customer's phone or the account's own phone.
// Same libsignal as Baileys, in memory, with its state exportable for snapshots.
import * as libsignal from 'libsignal'
import { Curve, generateRegistrationId, signedKeyPair, type KeyPair, type SignedKeyPair } from '@whiskeysockets/baileys'

const pub33 = (k: Uint8Array) => (k.length === 33 ? Buffer.from(k) : Buffer.concat([Buffer.from([5]), k]))

export interface Bundle {
  registrationId: number
  identity: Uint8Array
  signedPreKey: SignedKeyPair
  preKey?: { keyId: number; keyPair: { public: Uint8Array } }
}

export interface SignalPartyState {
  identity: KeyPair
  registrationId: number
  signedPreKey: SignedKeyPair
  preKeys: Array<[number, KeyPair]>
  available: number[]
  nextPreKeyId: number
  sessions: Array<[string, unknown]>
}

export class SignalParty {
  readonly identity: KeyPair
  readonly registrationId: number
  readonly signedPreKey: SignedKeyPair
  private readonly preKeys = new Map<number, KeyPair>()
  /** One-time pre-key ids the key server can still hand out for this party. */
  private available: number[] = []
  private nextPreKeyId = 1
  private readonly sessions = new Map<string, unknown>()
  private readonly store: libsignal.SignalStorage

  constructor(opts: { preKeyCount?: number; state?: SignalPartyState } = {}) {
    const s = opts.state
    this.identity = s?.identity ?? Curve.generateKeyPair()
    this.registrationId = s?.registrationId ?? generateRegistrationId()
    this.signedPreKey = s?.signedPreKey ?? signedKeyPair(this.identity, 1)
    if (s) {
      for (const [id, kp] of s.preKeys) this.preKeys.set(id, kp)
      this.available = [...s.available]
      this.nextPreKeyId = s.nextPreKeyId
      for (const [id, rec] of s.sessions) this.sessions.set(id, rec)
    } else this.addPreKeys(opts.preKeyCount ?? 20)
    // libsignal calls the store's methods detached, so they close over the party explicitly.
    // eslint-disable-next-line @typescript-eslint/no-this-alias
    const self = this
    this.store = {
      getOurIdentity: () => ({ privKey: Buffer.from(self.identity.private), pubKey: pub33(self.identity.public) }),
      getOurRegistrationId: () => self.registrationId,
      isTrustedIdentity: () => true,
      loadSession: async (id) => { const rec = self.sessions.get(id); return rec ? libsignal.SessionRecord.deserialize(rec as Uint8Array) : undefined },
      storeSession: async (id, rec) => { self.sessions.set(id, rec.serialize()) },
      loadPreKey: async (id) => { const k = self.preKeys.get(Number(id)); return k ? { privKey: Buffer.from(k.private), pubKey: Buffer.from(k.public) } : undefined },
      removePreKey: (id) => { self.preKeys.delete(Number(id)) },
      loadSignedPreKey: () => ({ privKey: Buffer.from(self.signedPreKey.keyPair.private), pubKey: Buffer.from(self.signedPreKey.keyPair.public) }),
    }
  }

  addPreKeys(n: number): void {
    for (let i = 0; i < n; i++) {
      const id = this.nextPreKeyId++
      this.preKeys.set(id, Curve.generateKeyPair())
      this.available.push(id)
    }
  }

  /** The bundle the key server hands out; consumes one one-time pre-key like the real server. */
  takeBundle(): Bundle {
    if (this.available.length < 3) this.addPreKeys(20)
    const id = this.available.shift()
    const kp = id === undefined ? undefined : this.preKeys.get(id)
    return {
      registrationId: this.registrationId, identity: this.identity.public, signedPreKey: this.signedPreKey,
      ...(id !== undefined && kp ? { preKey: { keyId: id, keyPair: { public: kp.public } } } : {}),
    }
  }

  private address(name: string, device: number) { return new libsignal.ProtocolAddress(name, device) }

  hasSession(name: string, device: number): boolean { return this.sessions.has(this.address(name, device).toString()) }

  async startSession(name: string, device: number, bundle: Bundle): Promise<void> {
    await new libsignal.SessionBuilder(this.store, this.address(name, device)).initOutgoing({
      registrationId: bundle.registrationId,
      identityKey: pub33(bundle.identity),
      signedPreKey: { keyId: bundle.signedPreKey.keyId, publicKey: pub33(bundle.signedPreKey.keyPair.public), signature: bundle.signedPreKey.signature },
      preKey: bundle.preKey ? { keyId: bundle.preKey.keyId, publicKey: pub33(bundle.preKey.keyPair.public) } : (undefined as never),
    })
  }

  async encrypt(name: string, device: number, plaintext: Uint8Array): Promise<{ type: 'pkmsg' | 'msg'; ciphertext: Buffer }> {
    const { type, body } = await new libsignal.SessionCipher(this.store, this.address(name, device)).encrypt(plaintext)
    return { type: type === 3 ? 'pkmsg' : 'msg', ciphertext: Buffer.from(body, 'binary') }
  }

  async decrypt(name: string, device: number, type: string, ciphertext: Uint8Array): Promise<Buffer> {
    const cipher = new libsignal.SessionCipher(this.store, this.address(name, device))
    return type === 'pkmsg' ? cipher.decryptPreKeyWhisperMessage(ciphertext) : cipher.decryptWhisperMessage(ciphertext)
  }

  dropSession(name: string, device: number): void { this.sessions.delete(this.address(name, device).toString()) }

  exportState(): SignalPartyState {
    return {
      identity: this.identity, registrationId: this.registrationId, signedPreKey: this.signedPreKey,
      preKeys: [...this.preKeys.entries()], available: [...this.available], nextPreKeyId: this.nextPreKeyId,
      sessions: [...this.sessions.entries()],
    }
  }
}
