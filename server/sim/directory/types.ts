// The simulated world's records: accounts (a phone number with its primary phone and its linked
// companion devices), customers, and the live connections that companions log in over.
import type { BinaryNode } from '@whiskeysockets/baileys'
import type { WebSocket } from 'ws'
import type { NoiseServer } from '../transport/noise-server.js'
import type { SignalParty } from '../parties/signal-party.js'

export interface SignedPreKeyPublic { keyId: number; keyPair: { public: Buffer }; signature: Buffer }

export interface Companion {
  account: Account
  device: number
  keyIndex: number
  /** `PN:device@s.whatsapp.net`. */
  jid: string
  /** `LID:device@lid`: the address peers use for Signal sessions with this device. */
  lid: string
  /** The long-term Noise key it paired with; a login with another key is refused (401). */
  noisePub: Buffer
  registrationId: number
  identity: Buffer
  signedPreKey: SignedPreKeyPublic
  /** One-time pre-keys uploaded by the companion and not yet handed out by the key server. */
  serverPreKeys: Map<number, Buffer>
  conn: Connection | undefined
  /** Stanzas waiting for the next login (delivered as offline backlog before `<ib><offline/>`). */
  offlineQueue: BinaryNode[]
  /**
   * Messages sent to the live socket and not yet receipted. Like WhatsApp, the server keeps them
   * until the device confirms, and redelivers them after a reconnect if it never did.
   */
  unacked?: Map<string, BinaryNode>
}

export interface Account {
  pn: string
  lid: string
  pushName: string
  /** The primary phone's Signal identity: signs ADV identities, receives DSM copies. */
  phone: SignalParty
  companions: Map<number, Companion>
  nextDevice: number
  banned: boolean
}

export interface Customer {
  pn: string
  lid: string
  name: string
  party: SignalParty
}

/** What a new companion announced in its ClientPayload (devicePairingData). */
export interface PairingRegistration {
  registrationId: number
  identity: Buffer
  signedPreKey: SignedPreKeyPublic
  noisePub: Buffer
}

/** pair-success was sent; waiting for the companion's pair-device-sign. */
export interface PendingPair {
  account: Account
  device: number
  keyIndex: number
  jid: string
  lid: string
  details: Uint8Array
  iqId: string
}

/** A `link_code_companion_reg` companion_hello that waits for the owner to type the code. */
export interface PairingCodeRequest {
  phoneNumber: string
  ref: string
  companionEphemeralWrapped: Buffer
  companionAuthPub: Buffer
}

export interface Connection {
  id: number
  ws: WebSocket
  noise: NoiseServer
  phase: 'hello' | 'finish' | 'open'
  clientStatic?: Buffer
  companion?: Companion
  /** Set while a new device is pairing. */
  registration?: PairingRegistration
  refs?: string[]
  pending?: PendingPair
  pairingCode?: PairingCodeRequest
}

export type Resolved =
  | { kind: 'phone'; account: Account; device: 0; party: SignalParty }
  | { kind: 'companion'; account: Account; device: number; companion: Companion }
  | { kind: 'customer'; customer: Customer; device: 0; party: SignalParty }
