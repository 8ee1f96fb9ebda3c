// Who exists in the simulated WhatsApp: accounts with their devices, and customers. Phone numbers
// map to LIDs deterministically so snapshots and logs stay readable.
import { jidDecode, S_WHATSAPP_NET } from '@whiskeysockets/baileys'
import { SignalParty } from '../parties/signal-party.js'
import type { Account, Companion, Customer, Resolved } from './types.js'

export const S_NET = 's.whatsapp.net'
/** The server's own address, exactly as Baileys compares it (`@s.whatsapp.net`). */
export const SERVER_JID = S_WHATSAPP_NET

/** `user` of any JID form (`PN`, `PN:dev@s.whatsapp.net`, `LID:dev@lid`). */
export const userOf = (jid: string): string => jid.split('@')[0]!.split(':')[0]!

export class Directory {
  readonly accounts = new Map<string, Account>()
  readonly customers = new Map<string, Customer>()
  readonly lidToPn = new Map<string, string>()
  nextNumber = 6281100000001

  allocatePn(): string {
    let pn = String(this.nextNumber++)
    while (this.accounts.has(pn) || this.customers.has(pn)) pn = String(this.nextNumber++)
    return pn
  }

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

  companion(jid: string): Companion | undefined {
    const r = this.resolve(jid)
    return r?.kind === 'companion' ? r.companion : undefined
  }

  customerOf(jid: string): Customer | undefined {
    const r = this.resolve(jid)
    return r?.kind === 'customer' ? r.customer : undefined
  }
}
