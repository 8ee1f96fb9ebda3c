// Messages from the companions: acked, decrypted as each recipient device (customer and the
// account's own phone), recorded for tests, then receipted by the customer's device after a
// realistic delay. Receipts within a few ms get merged by Baileys' event buffer into the
// upsert (no messages.update), so the default delay is 150 ms (sim/PROTOCOL.md §10).
import type { BinaryNode } from '@whiskeysockets/baileys'
import type { SimCore } from '../core.js'
import { S_NET } from '../directory/directory.js'
import type { Connection, Customer } from '../directory/types.js'
import { ack, receipt } from '../wire/stanzas.js'
import { decryptOutgoing, type SiblingCopies } from './messaging.js'
import { nowSeconds } from '../wire/nodes.js'

export async function onCompanionMessage(core: SimCore, conn: Connection, node: BinaryNode): Promise<void> {
  if (!conn.companion) return
  core.send(conn, ack('message', node.attrs.id!, node.attrs.to!))
  const { out, siblings } = await decryptOutgoing(core.dir, conn, node)
  core.recordOutgoing(out)
  forwardToSiblings(core, conn, node, siblings)
  const customer = core.dir.customerOf(node.attrs.to!)
  if (!customer || !out.message) return
  const delivery = core.opts.deliveryReceiptMs ?? 150
  setTimeout(() => sendCustomerReceipt(core, customer, out.id), delivery).unref()
  const read = core.opts.readReceiptMs
  if (read !== undefined && read !== null) setTimeout(() => sendCustomerReceipt(core, customer, out.id, 'read'), delivery + read).unref()
}

/**
 * The customer's device confirms a message the shop sent: to the sending device now, or — like
 * WhatsApp — with its next login if it is offline. Unknown ids are ignored.
 */
export function sendCustomerReceipt(core: SimCore, customer: Customer, messageId: string, type?: 'read'): boolean {
  const out = core.outgoingById.get(messageId)
  const companion = out ? core.dir.companion(out.from) : undefined
  if (!out || !companion || !out.recipients.some((r) => r.kind === 'customer' && core.dir.customerOf(r.jid) === customer)) return false
  const node = receipt(`${customer.pn}@${S_NET}`, messageId, type)
  if (companion.conn) core.send(companion.conn, node)
  else companion.offlineQueue.push({ ...node, attrs: { ...node.attrs, offline: '1' } })
  core.counters.receiptsOut += 1
  return true
}

/**
 * The customer's device could not decrypt (or lost) a message the shop sent and asks the sending
 * device for it again: `<receipt type=retry>` with `<retry count id t v/>` and its registration id,
 * as a phone does (sim/PROTOCOL.md §10). WhatsApp clients re-send under the same id; the simulator
 * decrypts and records that stanza like any other. False when the sender is not online.
 */
export function sendCustomerRetry(core: SimCore, customer: Customer, messageId: string, count = 1): boolean {
  const out = core.outgoingById.get(messageId)
  const companion = out ? core.dir.companion(out.from) : undefined
  if (!out || !companion?.conn) return false
  const registration = Buffer.alloc(4)
  registration.writeUInt32BE(customer.party.registrationId)
  core.send(companion.conn, {
    tag: 'receipt',
    attrs: { from: `${customer.pn}@${S_NET}`, id: messageId, type: 'retry', t: nowSeconds() },
    content: [
      { tag: 'retry', attrs: { count: String(count), id: messageId, t: String(Math.floor(out.at / 1000)), v: '1' } },
      { tag: 'registration', attrs: {}, content: registration },
    ],
  })
  return true
}

/**
 * The account's other linked devices get the sender's copy as sent, from the sending device with
 * `recipient` = the chat, so they show it as fromMe (how WhatsApp Web mirrors a phone's chats).
 */
function forwardToSiblings(core: SimCore, conn: Connection, node: BinaryNode, siblings: SiblingCopies): void {
  const sender = conn.companion!
  for (const { companion, enc } of siblings) {
    const copy: BinaryNode = {
      tag: 'message',
      attrs: { from: sender.jid, sender_lid: sender.lid, recipient: node.attrs.to!, id: node.attrs.id!, t: nowSeconds(), type: node.attrs.type ?? 'text' },
      content: [enc],
    }
    if (companion.conn) {
      ;(companion.unacked ??= new Map()).set(copy.attrs.id!, copy)
      core.send(companion.conn, copy)
    } else companion.offlineQueue.push({ ...copy, attrs: { ...copy.attrs, offline: '1' } })
  }
}
