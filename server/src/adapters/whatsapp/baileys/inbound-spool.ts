// The durable hand-off between Baileys' decryption and the inbox (see `waInboundSpool`).
//
// Baileys 7.0.0-rc14 sends the delivery receipt before it emits `messages.upsert`, and while it
// works through an offline backlog it buffers the events for the whole batch. WhatsApp never
// redelivers a message it has a receipt for, so a SIGKILL in that window lost the message (seen in
// the pipeline crash test: two receipted messages missing after two kills). Now each message is
// written here the moment it is decrypted, before any receipt; the row is deleted once the inbox
// has it, and rows a dead process left behind are turned back into messages on the next open.
//
// A message decrypted just before a crash but never receipted comes again after the restart; its
// one-time Signal key is already spent, so Baileys would refuse it ("Key used already", NACK 487,
// no retry request) and the customer's phone would wait forever for the delivery tick — the flake
// in the gateway crash test. The spooled copy answers that second delivery (`plaintextFor`), so
// it is decrypted, receipted and deduplicated like any other. Stored rows are kept `KEEP_DAYS`.
import { and, eq, inArray, isNull, lt } from 'drizzle-orm'
import { decodeMessageNode, proto, unpadRandomMax16, type BinaryNode, type WAMessage } from '@whiskeysockets/baileys'
import type { Db } from '../../../db/client.js'
import { waInboundSpool } from './baileys.tables.js'

export interface SpooledMessage { waId: string; attrs: Record<string, string>; plaintext: Buffer; createdAt: Date }

/** How long a stored message's copy can still answer a redelivery (WhatsApp holds undelivered messages for weeks). */
const KEEP_DAYS = 14

export class InboundSpool {
  constructor(private readonly db: Db) {}

  async put(device: { tenantId: string; deviceId: string }, node: BinaryNode, plaintext: Uint8Array): Promise<void> {
    const waId = node.attrs.id
    if (!waId) return
    await this.db.insert(waInboundSpool)
      .values({ tenantId: device.tenantId, deviceId: device.deviceId, waId, attrs: JSON.stringify(node.attrs), plaintext: Buffer.from(plaintext) })
      .onConflictDoNothing()
  }

  /** The inbox has these messages: nothing to replay (the copy stays to answer a redelivery). */
  async markStored(deviceId: string, waIds: string[]): Promise<void> {
    if (!waIds.length) return
    await this.db.update(waInboundSpool).set({ storedAt: new Date() })
      .where(and(eq(waInboundSpool.deviceId, deviceId), inArray(waInboundSpool.waId, waIds), isNull(waInboundSpool.storedAt)))
  }

  /** Unstored rows written before `before`: left by a process that died before the inbox had them. */
  async leftBefore(deviceId: string, before: Date, limit = 500): Promise<SpooledMessage[]> {
    const rows = await this.db.select({ waId: waInboundSpool.waId, attrs: waInboundSpool.attrs, plaintext: waInboundSpool.plaintext, createdAt: waInboundSpool.createdAt })
      .from(waInboundSpool)
      .where(and(eq(waInboundSpool.deviceId, deviceId), isNull(waInboundSpool.storedAt), lt(waInboundSpool.createdAt, before)))
      .orderBy(waInboundSpool.createdAt)
      .limit(limit)
    return rows.map((r) => ({ ...r, attrs: JSON.parse(r.attrs) as Record<string, string> }))
  }

  /** The plaintext we decrypted earlier for this stanza (same id, same sender), if we did. */
  async plaintextFor(deviceId: string, node: BinaryNode): Promise<Uint8Array | undefined> {
    if (!node.attrs.id) return undefined
    const [row] = await this.db.select({ attrs: waInboundSpool.attrs, plaintext: waInboundSpool.plaintext }).from(waInboundSpool)
      .where(and(eq(waInboundSpool.deviceId, deviceId), eq(waInboundSpool.waId, node.attrs.id)))
    return row && (JSON.parse(row.attrs) as Record<string, string>).from === node.attrs.from ? row.plaintext : undefined
  }

  async prune(deviceId: string): Promise<void> {
    await this.db.delete(waInboundSpool).where(and(eq(waInboundSpool.deviceId, deviceId),
      lt(waInboundSpool.storedAt, new Date(Date.now() - KEEP_DAYS * 86_400_000))))
  }
}

/** Rebuilds the message Baileys would have emitted, from the stanza's attributes and plaintext. */
export function rebuildMessage(row: SpooledMessage, me: { id: string; lid?: string | undefined }): WAMessage {
  const { fullMessage } = decodeMessageNode({ tag: 'message', attrs: row.attrs, content: undefined }, me.id, me.lid ?? '')
  const decoded = proto.Message.decode(unpadRandomMax16(row.plaintext))
  return { ...fullMessage, message: decoded.deviceSentMessage?.message ?? decoded } as WAMessage
}
