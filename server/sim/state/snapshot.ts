// Snapshot/restore of the simulator's world (accounts, linked devices with their noise keys and
// uploaded pre-keys, customers with their Signal state) so load tests pair once and reuse it.
import { BufferJSON, type KeyPair } from '@whiskeysockets/baileys'
import type { Directory } from '../directory/directory.js'
import type { SignedPreKeyPublic } from '../directory/types.js'
import { SignalParty, type SignalPartyState } from '../parties/signal-party.js'

export interface SimSnapshot {
  version: 1
  rootKeyPair: KeyPair
  nextNumber: number
  accounts: Array<{
    pn: string; pushName: string; banned: boolean; nextDevice: number; phone: SignalPartyState
    companions: Array<{ device: number; keyIndex: number; jid: string; lid: string; noisePub: Buffer; registrationId: number; identity: Buffer; signedPreKey: SignedPreKeyPublic; serverPreKeys: Array<[number, Buffer]> }>
  }>
  customers: Array<{ pn: string; name: string; party: SignalPartyState }>
}

export function exportSnapshot(dir: Directory, rootKeyPair: KeyPair): SimSnapshot {
  return {
    version: 1, rootKeyPair, nextNumber: dir.nextNumber,
    accounts: [...dir.accounts.values()].map((a) => ({
      pn: a.pn, pushName: a.pushName, banned: a.banned, nextDevice: a.nextDevice, phone: a.phone.exportState(),
      companions: [...a.companions.values()].map((c) => ({
        device: c.device, keyIndex: c.keyIndex, jid: c.jid, lid: c.lid, noisePub: c.noisePub, registrationId: c.registrationId,
        identity: c.identity, signedPreKey: c.signedPreKey, serverPreKeys: [...c.serverPreKeys.entries()],
      })),
    })),
    customers: [...dir.customers.values()].map((c) => ({ pn: c.pn, name: c.name, party: c.party.exportState() })),
  }
}

export function importSnapshot(dir: Directory, snap: SimSnapshot): void {
  dir.nextNumber = Math.max(dir.nextNumber, snap.nextNumber)
  for (const a of snap.accounts) {
    const account = dir.addAccount(a.pn, a.pushName, new SignalParty({ state: a.phone }))
    account.banned = a.banned
    account.nextDevice = a.nextDevice
    for (const c of a.companions) {
      account.companions.set(c.device, { ...c, account, serverPreKeys: new Map(c.serverPreKeys), conn: undefined, offlineQueue: [] })
    }
  }
  for (const c of snap.customers) dir.addCustomer(c.pn, c.name, new SignalParty({ state: c.party }))
}

export const serializeSnapshot = (s: SimSnapshot): string => JSON.stringify(s, BufferJSON.replacer)
export const parseSnapshot = (text: string): SimSnapshot => JSON.parse(text, BufferJSON.reviver) as SimSnapshot
