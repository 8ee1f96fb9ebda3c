// 1:1 messages through the simulated server: customers (and the account's own phone) encrypt to
// each companion device with real Signal sessions; messages Baileys sends are decrypted per
// recipient device and recorded. research/wa-protocol.md §2e–f.
import { encodeWAMessage, jidDecode, proto, unpadRandomMax16, type BinaryNode } from '@whiskeysockets/baileys'
import { S_NET, type Account, type Companion, type Connection, type Customer, type Directory } from '../directory.js'
import type { SignalParty } from '../parties/signal-party.js'
import { bufferOf, child, children, nowSeconds } from '../wire/nodes.js'

export interface OutgoingMessage {
  id: string
  /** The companion device that sent it. */
  from: string
  /** The chat it was addressed to. */
  to: string
  /** Recipient devices and what each decrypted (the customer sees `message`, the phone a DSM). */
  recipients: Array<{ jid: string; kind: 'customer' | 'phone'; encType: string; message?: proto.IMessage; error?: string }>
  message: proto.IMessage | undefined
  text: string | undefined
  encType: string | undefined
  at: number
}

/** The session address a peer uses for a companion: its LID user and device number. */
const companionAddress = (c: Companion): [string, number] => [c.lid.split('@')[0]!.split(':')[0]!, c.device]

export const textOf = (m: proto.IMessage | null | undefined): string | undefined =>
  m ? m.conversation ?? m.extendedTextMessage?.text ?? textOf(m.deviceSentMessage?.message) ?? undefined : undefined

async function ensureSession(dir: Directory, party: SignalParty, companion: Companion): Promise<[string, number]> {
  const [name, device] = companionAddress(companion)
  if (!party.hasSession(name, device)) {
    const bundle = dir.bundleFor(companion.jid)
    if (!bundle) throw new Error(`no key bundle for ${companion.jid}`)
    await party.startSession(name, device, bundle)
  }
  return [name, device]
}

/** Encrypts `message` from `party` to one companion and builds the <message> stanza. */
export async function buildInbound(dir: Directory, party: SignalParty, companion: Companion, message: proto.IMessage, attrs: Record<string, string>, offline: boolean): Promise<BinaryNode> {
  const [name, device] = await ensureSession(dir, party, companion)
  const { type, ciphertext } = await party.encrypt(name, device, encodeWAMessage(message))
  return {
    tag: 'message',
    attrs: { ...attrs, t: nowSeconds(), ...(offline ? { offline: '1' } : {}) },
    content: [{ tag: 'enc', attrs: { v: '2', type }, content: ciphertext }],
  }
}

export function customerAttrs(customer: Customer, id: string): Record<string, string> {
  return { from: `${customer.pn}@${S_NET}`, sender_lid: `${customer.lid}@lid`, id, type: 'text', notify: customer.name }
}

/** The owner typed on the phone: companions get a DSM from the account's own device 0. */
export function phoneAttrs(account: Account, toCustomer: Customer, id: string): Record<string, string> {
  return { from: `${account.pn}@${S_NET}`, recipient: `${toCustomer.pn}@${S_NET}`, id, type: 'text', sender_lid: `${account.lid}@lid` }
}

/** Decrypts what a companion sent, for every recipient device the simulator plays. */
export async function decryptOutgoing(dir: Directory, conn: Connection, node: BinaryNode): Promise<OutgoingMessage> {
  const comp = conn.companion!
  const [name, device] = companionAddress(comp)
  const participants = children(child(node, 'participants'), 'to')
  const direct = child(node, 'enc')
  const targets = participants.length ? participants.map((p) => ({ jid: p.attrs.jid!, enc: child(p, 'enc') })) : [{ jid: node.attrs.to!, enc: direct }]
  const recipients: OutgoingMessage['recipients'] = []
  for (const t of targets) {
    const r = dir.resolve(t.jid)
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
  const to = node.attrs.to!
  return {
    id: node.attrs.id!, from: comp.jid, to: jidDecode(to) ? to : to, recipients,
    message: forCustomer?.message, text: textOf(forCustomer?.message), encType: forCustomer?.encType, at: Date.now(),
  }
}
