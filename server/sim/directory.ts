// Who exists in the simulated WhatsApp: accounts (a phone number with its primary phone and its
// linked companion devices), customers, and the key server's view of every device.
import type { BinaryNode } from '@whiskeysockets/baileys'
import { jidDecode, S_WHATSAPP_NET } from '@whiskeysockets/baileys'
import type { WebSocket } from 'ws'
import type { NoiseServer } from './transport/noise-server.js'
import { SignalParty, type Bundle } from './parties/signal-party.js'

export const S_NET = 's.whatsapp.net'
/** The server's own address, exactly as Baileys compares it (`@s.whatsapp.net`). */
export const SERVER_JID = S_WHATSAPP_NET

export interface SignedPreKeyPublic { keyId: number; keyPair: { public: Buffer }; signature: Buffer }

export interface Companion {
  account: Account
  device: number
  keyIndex: number
  jid: string
  lid: string
  noisePub: Buffer
  registrationId: number
  identity: Buffer
  signedPreKey: SignedPreKeyPublic
  /** One-time pre-keys uploaded by the companion and not yet handed out. */
  serverPreKeys: Map<number, Buffer>
  /** ADV account signature container, echoed to peers as <device-identity>. */
  conn: Connection | undefined
  /** Stanzas waiting for the next login (delivered as offline backlog). */
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

export interface PairingRegistration {
  registrationId: number
  identity: Buffer
  signedPreKey: SignedPreKeyPublic
  noisePub: Buffer
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
  pending?: { account: Account; device: number; keyIndex: number; jid: string; lid: string; details: Uint8Array; iqId: string }
  pairingCode?: { code: string; phoneNumber: string; companionEphemeralWrapped: Buffer; ref: string; companionAuthPub: Buffer }
}

export type Resolved =
  | { kind: 'phone'; account: Account; device: 0; party: SignalParty }
  | { kind: 'companion'; account: Account; device: number; companion: Companion }
  | { kind: 'customer'; customer: Customer; device: 0; party: SignalParty }

export class Directory {
  /** Called after the key server handed out one of a companion's one-time pre-keys. */
  onPreKeyTaken: ((companion: Companion) => void) | undefined
  readonly accounts = new Map<string, Account>()
  readonly customers = new Map<string, Customer>()
  readonly lidToPn = new Map<string, string>()
  nextNumber = 6281100000001

  allocatePn(): string { return String(this.nextNumber++) }

  addAccount(pn: string, pushName: string, phone = new SignalParty({ preKeyCount: 20 })): Account {
    const lid = String(100000000000000n + BigInt(pn))
    const account: Account = { pn, lid, pushName, phone, companions: new Map(), nextDevice: 2, banned: false }
    this.accounts.set(pn, account)
    this.lidToPn.set(lid, pn)
    return account
  }

  addCustomer(pn: string, name: string, party = new SignalParty({ preKeyCount: 20 })): Customer {
    const lid = String(200000000000000n + BigInt(pn))
    const customer: Customer = { pn, lid, name, party }
    this.customers.set(pn, customer)
    this.lidToPn.set(lid, pn)
    return customer
  }

  /** Any JID (phone number or LID form, with or without device) to the party behind it. */
  resolve(jid: string): Resolved | undefined {
    const d = jidDecode(jid)
    if (!d) return undefined
    const pn = d.server === 'lid' ? this.lidToPn.get(d.user) : d.user
    if (!pn) return undefined
    const device = d.device ?? 0
    const account = this.accounts.get(pn)
    if (account) {
      if (device === 0) return { kind: 'phone', account, device: 0, party: account.phone }
      const companion = account.companions.get(device)
      return companion ? { kind: 'companion', account, device, companion } : undefined
    }
    const customer = this.customers.get(pn)
    return customer && device === 0 ? { kind: 'customer', customer, device: 0, party: customer.party } : undefined
  }

  /** What the key server returns for a device: consumes one of its one-time pre-keys. */
  bundleFor(jid: string): Bundle | undefined {
    const r = this.resolve(jid)
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
}
