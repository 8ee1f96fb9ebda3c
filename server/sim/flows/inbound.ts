// Messages to the companions (sim/PROTOCOL.md §9, §11): customers writing to a shop, the owner
// typing on the phone. Each linked device gets its own stanza, live or queued as offline backlog;
// unconfirmed ones come again after a reconnect; a retry receipt gets a re-encryption on a fresh
// session.
import { randomBytes } from 'node:crypto'
import type { BinaryNode, proto } from '@whiskeysockets/baileys'
import type { SimCore } from '../core.js'
import { S_NET } from '../directory/directory.js'
import type { Account, Companion, Connection, Customer } from '../directory/types.js'
import type { SignalParty } from '../parties/signal-party.js'
import { child, childrenOf } from '../wire/nodes.js'
import { ack, preKeysLow } from '../wire/stanzas.js'
import { answerMediaRetry } from './customer-media.js'
import { buildInbound, companionAddress, customerAttrs, phoneAttrs } from './messaging.js'

export interface InboundEvent { id: string; device: string; encType: string; offline: boolean }

/** Enough to encrypt a message again for a device that could not decrypt it. */
export interface SentInbound { party: SignalParty; message: proto.IMessage; attrs: Record<string, string>; retries: number }

/** WhatsApp gives up re-sending after a few retry receipts; so does the simulator. */
const MAX_RETRIES = 3

export const newMessageId = () => `3A${randomBytes(9).toString('hex').toUpperCase()}`

/** Encrypts for one companion and sends it now, or queues it for the device's next login. */
async function deliver(core: SimCore, companion: Companion, party: SignalParty, message: proto.IMessage, attrs: Record<string, string>, forceOffline: boolean): Promise<void> {
  const online = Boolean(companion.conn) && !forceOffline
  const node = await buildInbound(core.keys, party, companion, message, attrs, !online)
  core.deliveredStanzas.set(node.attrs.id!, { device: companion.jid, node })
  if (online && companion.conn) {
    ;(companion.unacked ??= new Map()).set(node.attrs.id!, node)
    core.send(companion.conn, node)
  } else companion.offlineQueue.push(node)
  core.counters.messagesIn += 1
  const encType = (child(node, 'enc')?.attrs.type) ?? 'msg'
  core.emit('inbound', { id: node.attrs.id!, device: companion.jid, encType, offline: !online } satisfies InboundEvent)
}

export async function customerSend(core: SimCore, customer: Customer, account: Account, text: string, opts: { offline?: boolean; id?: string } = {}): Promise<string> {
  return customerSendMessage(core, customer, account, { conversation: text }, opts)
}

/** Any message a customer's phone sends (media, reaction, edit, revoke…); `type` is the stanza's. */
export async function customerSendMessage(core: SimCore, customer: Customer, account: Account, message: proto.IMessage, opts: { offline?: boolean; id?: string; type?: string } = {}): Promise<string> {
  const id = opts.id ?? newMessageId()
  const attrs = { ...customerAttrs(customer, id), ...(opts.type ? { type: opts.type } : {}) }
  const sent: SentInbound = { party: customer.party, message, attrs, retries: 0 }
  core.sentInbound.set(id, sent)
  for (const companion of account.companions.values()) await deliver(core, companion, sent.party, sent.message, sent.attrs, opts.offline ?? false)
  return id
}

/** The owner typed on the phone: every companion gets a DeviceSentMessage from device 0 (fromMe). */
export async function phoneSend(core: SimCore, account: Account, customer: Customer, text: string): Promise<string> {
  const id = newMessageId()
  const dsm = { deviceSentMessage: { destinationJid: `${customer.pn}@${S_NET}`, message: { conversation: text } } }
  const sent: SentInbound = { party: account.phone, message: dsm, attrs: phoneAttrs(account, customer, id), retries: 0 }
  core.sentInbound.set(id, sent)
  for (const companion of account.companions.values()) await deliver(core, companion, sent.party, sent.message, sent.attrs, false)
  return id
}

/** Like the real server: tell a device whose one-time pre-keys run low to upload more. */
export function checkPreKeys(core: SimCore, c: Companion): void {
  const left = c.serverPreKeys.size
  if (!c.conn || left >= (core.opts.lowPreKeyThreshold ?? 5)) return
  core.send(c.conn, preKeysLow(core.newId(), left))
  core.emit('prekeys-low', c)
}

/**
 * A receipt a companion sent for something it received: plain (or `inactive`) means decrypted,
 * `read`/`read-self` come later, `retry` means it could not decrypt (Bad MAC, no session).
 */
export function onDeviceReceipt(core: SimCore, conn: Connection, node: BinaryNode): void {
  const ids = [node.attrs.id!, ...childrenOf(child(node, 'list')).map((i) => i.attrs.id!)]
  const type = node.attrs.type ?? 'delivery'
  for (const id of ids) {
    if (type !== 'retry') conn.companion?.unacked?.delete(id)
    const list = core.deviceReceipts.get(id) ?? []
    list.push(type)
    core.deviceReceipts.set(id, list)
  }
  core.send(conn, ack('receipt', node.attrs.id!, node.attrs.to ?? node.attrs.from ?? S_NET, node.attrs.type))
  if (type === 'server-error') { answerMediaRetry(core, conn, node); return }
  if (type === 'retry') {
    core.emit('retry-receipt', node.attrs.id)
    void answerRetry(core, conn, node).catch((err) => core.emit('error-in-connection', err))
  }
}

/** The device could not decrypt: drop the sender's session, start a fresh one, send again. */
async function answerRetry(core: SimCore, conn: Connection, node: BinaryNode): Promise<void> {
  const original = core.sentInbound.get(node.attrs.id!)
  const companion = conn.companion
  if (!original || !companion || original.retries >= MAX_RETRIES) return
  original.retries += 1
  const [name, device] = companionAddress(companion)
  original.party.dropSession(name, device)
  const again = await buildInbound(core.keys, original.party, companion, original.message, original.attrs, false)
  ;(companion.unacked ??= new Map()).set(node.attrs.id!, again)
  core.send(conn, again)
  core.counters.retriesAnswered += 1
}

/**
 * WhatsApp did not get (or lost) the device's receipt: the very same stanza — same ciphertext —
 * comes again, live or with the next login. Its one-time key is already spent on the device.
 */
export function redeliver(core: SimCore, companion: Companion, id: string): void {
  const last = core.deliveredStanzas.get(id)
  if (!last || last.device !== companion.jid) throw new Error(`no stanza ${id} was delivered to ${companion.jid}`)
  ;(companion.unacked ??= new Map()).set(id, last.node)
  if (companion.conn) core.send(companion.conn, last.node)
  else companion.offlineQueue.push({ ...last.node, attrs: { ...last.node.attrs, offline: '1' } })
}
