// Signal crypto of 1:1 messages through the simulated server: customers (and the account's own
// phone) encrypt to each companion device with real libsignal sessions; messages Baileys sends are
// decrypted per recipient device. sim/PROTOCOL.md §9–10.
import { encodeWAMessage, proto, unpadRandomMax16, type BinaryNode } from '@whiskeysockets/baileys'
import { S_NET, userOf, type Directory } from '../directory/directory.js'
import type { KeyServer } from '../directory/key-server.js'
import type { Account, Companion, Connection, Customer } from '../directory/types.js'
import type { SignalParty } from '../parties/signal-party.js'
import { bufferOf, child, children, nowSeconds } from '../wire/nodes.js'

export interface OutgoingRecipient { jid: string; kind: 'customer' | 'phone'; encType: string; message?: proto.IMessage; error?: string }

export interface OutgoingMessage {
  id: string
  /** The companion device that sent it (`PN:device@s.whatsapp.net`). */
  from: string
  /** The chat it was addressed to, as Baileys wrote it (PN or LID form). */
  to: string
  /** Recipient devices and what each decrypted (the customer sees `message`, the phone a DSM). */
  recipients: OutgoingRecipient[]
  /** What the customer decrypted. */
  message: proto.IMessage | undefined
  text: string | undefined
  /** `pkmsg` or `msg` of the customer's copy. */
  encType: string | undefined
  at: number
}

/** Copies for the account's other linked devices (real Baileys peers): forwarded, not decrypted. */
export type SiblingCopies = Array<{ companion: Companion; enc: BinaryNode }>

/** The session address a peer uses for a companion: its LID user and device number. */
export const companionAddress = (c: Companion): [string, number] => [userOf(c.lid), c.device]

export const textOf = (m: proto.IMessage | null | undefined): string | undefined =>
  m ? m.conversation ?? m.extendedTextMessage?.text ?? textOf(m.deviceSentMessage?.message) ?? undefined : undefined

async function ensureSession(keys: KeyServer, party: SignalParty, companion: Companion): Promise<[string, number]> {
  const [name, device] = companionAddress(companion)
  if (!party.hasSession(name, device)) {
    const bundle = keys.bundleFor(companion.jid)
    if (!bundle) throw new Error(`no key bundle for ${companion.jid}`)
    await party.startSession(name, device, bundle)
  }
  return [name, device]
}

/** Encrypts `message` from `party` to one companion: `pkmsg` on a new session, `msg` after. */
export async function buildInbound(keys: KeyServer, party: SignalParty, companion: Companion, message: proto.IMessage, attrs: Record<string, string>, offline: boolean): Promise<BinaryNode> {
  const [name, device] = await ensureSession(keys, party, companion)
  const { type, ciphertext } = await party.encrypt(name, device, encodeWAMessage(message))
  return {
    tag: 'message',
    attrs: { ...attrs, t: nowSeconds(), ...(offline ? { offline: '1' } : {}) },
    content: [{ tag: 'enc', attrs: { v: '2', type }, content: ciphertext }],
  }
}

/** `sender_lid` lets Baileys learn the PN↔LID mapping before decrypting (no usync round trip). */
export function customerAttrs(customer: Customer, id: string): Record<string, string> {
  return { from: `${customer.pn}@${S_NET}`, sender_lid: `${customer.lid}@lid`, id, type: 'text', notify: customer.name }
}

/** The owner typed on the phone: from the account's own device 0 with `recipient` = the chat → fromMe. */
export function phoneAttrs(account: Account, toCustomer: Customer, id: string): Record<string, string> {
  return { from: `${account.pn}@${S_NET}`, recipient: `${toCustomer.pn}@${S_NET}`, id, type: 'text', sender_lid: `${account.lid}@lid` }
}

/** Decrypts what a companion sent, for every recipient device the simulator plays. */
export async function decryptOutgoing(dir: Directory, conn: Connection, node: BinaryNode): Promise<{ out: OutgoingMessage; siblings: SiblingCopies }> {
  const comp = conn.companion!
  const [name, device] = companionAddress(comp)
  const participants = children(child(node, 'participants'), 'to')
  const direct = child(node, 'enc')
  const targets = participants.length ? participants.map((p) => ({ jid: p.attrs.jid!, enc: child(p, 'enc') })) : [{ jid: node.attrs.to!, enc: direct }]
  const recipients: OutgoingRecipient[] = []
  const siblings: SiblingCopies = []
  for (const t of targets) {
    const r = dir.resolve(t.jid)
    if (t.enc && r?.kind === 'companion' && r.companion !== comp) siblings.push({ companion: r.companion, enc: t.enc })
    if (!t.enc || (r?.kind !== 'customer' && r?.kind !== 'phone')) continue
    const encType = t.enc.attrs.type ?? 'msg'
    try {
      const plain = await r.party.decrypt(name, device, encType, bufferOf(t.enc)!)
      recipients.push({ jid: t.jid, kind: r.kind, encType, message: proto.Message.decode(unpadRandomMax16(plain)) })
    } catch (err) {
      recipients.push({ jid: t.jid, kind: r.kind, encType, error: (err as Error).message })
    }
  }
  const forCustomer = recipients.find((r) => r.kind === 'customer' && r.message)
  const out: OutgoingMessage = {
    id: node.attrs.id!, from: comp.jid, to: node.attrs.to!, recipients,
    message: forCustomer?.message, text: textOf(forCustomer?.message), encType: forCustomer?.encType, at: Date.now(),
  }
  return { out, siblings }
}
