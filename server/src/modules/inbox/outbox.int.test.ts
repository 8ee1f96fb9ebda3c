import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { and, eq } from 'drizzle-orm'
import { customerMessage, registerOwner, startPipeline, waitFor, type PipelineHarness } from '../../../test/pipeline-harness.js'
import type { OutgoingText } from '../../adapters/whatsapp/whatsapp.port.js'
import { OutboxDrainer } from './inbox.outbox.js'
import { messages } from './inbox.tables.js'
import { silentLogger } from '../../../test/build-test-app.js'

let h: PipelineHarness
beforeAll(async () => { h = await startPipeline() })
afterAll(async () => { await h?.close() })

async function conversationWith(tenantId: string, phone: string): Promise<string> {
  await h.pipeline.inbox.ingest(tenantId, [customerMessage({ phone, text: 'Halo' })], 'live')
  const [row] = await h.database.db.select().from(messages).where(and(eq(messages.tenantId, tenantId), eq(messages.direction, 'in'), eq(messages.chatJid, `${phone}@s.whatsapp.net`)))
  return row!.conversationId
}
const outgoing = (tenantId: string) => h.database.db.select().from(messages)
  .where(and(eq(messages.tenantId, tenantId), eq(messages.fromMe, true))).orderBy(messages.createdAt)

describe('outbox', () => {
  it('sends each chat\'s messages in the order they were written, once, with the ids chosen before sending', async () => {
    const { tenantId } = await registerOwner(h.app)
    const a = await conversationWith(tenantId, '628111000001')
    const b = await conversationWith(tenantId, '628111000002')
    for (const [conv, text] of [[a, 'a1'], [b, 'b1'], [a, 'a2'], [a, 'a3'], [b, 'b2']] as const) {
      await h.pipeline.inbox.enqueueOutgoing(tenantId, conv, text, 'agent')
    }
    const { drainer, sent } = h.drainer()
    await Promise.all([drainer.kick(tenantId), drainer.kick(tenantId), drainer.kick(tenantId)])
    await drainer.kick(tenantId)
    const rows = await outgoing(tenantId)
    expect(sent.filter((s) => s.toJid.startsWith('628111000001')).map((s) => s.text)).toEqual(['a1', 'a2', 'a3'])
    expect(sent.filter((s) => s.toJid.startsWith('628111000002')).map((s) => s.text)).toEqual(['b1', 'b2'])
    expect(sent.map((s) => s.messageId).sort()).toEqual(rows.map((r) => r.waId).sort())
    expect(rows.every((r) => r.status === 'sent' && r.attempts === 1)).toBe(true)
  })

  it('after a crash between sending and recording it, sends again with the same WhatsApp id', async () => {
    const { tenantId } = await registerOwner(h.app)
    const conv = await conversationWith(tenantId, '628111000003')
    const row = (await h.pipeline.inbox.enqueueOutgoing(tenantId, conv, 'Pesanan kakak sudah kami catat', 'ai'))!
    const attempts: OutgoingText[] = []
    let crash = true
    const { drainer } = h.drainer(async (_t, msg) => {
      attempts.push(msg)
      // WhatsApp took the message, then the process died before writing "sent".
      if (crash) { crash = false; throw new Error('gateway crashed after send') }
    })
    await drainer.kick(tenantId)
    expect((await outgoing(tenantId))[0]).toMatchObject({ status: 'pending', attempts: 1 })
    await drainer.kick(tenantId)
    expect(attempts.map((m) => m.messageId)).toEqual([row.waId, row.waId])
    expect((await outgoing(tenantId))[0]).toMatchObject({ status: 'sent', error: null })
    await drainer.kick(tenantId)
    expect(attempts).toHaveLength(2) // a sent message is never sent again
  })

  it('marks a message failed with the reason after the last attempt, and moves on to the next', async () => {
    const { tenantId } = await registerOwner(h.app)
    const conv = await conversationWith(tenantId, '628111000004')
    await h.pipeline.inbox.enqueueOutgoing(tenantId, conv, 'will fail', 'agent')
    await h.pipeline.inbox.enqueueOutgoing(tenantId, conv, 'goes after', 'agent')
    const events = await h.record(tenantId)
    const sent: string[] = []
    const drainer = new OutboxDrainer({
      db: h.database.db, bus: h.bus, logger: silentLogger, maxAttempts: 3,
      send: async (_t, _d, msg) => { if (msg.text === 'will fail') throw new Error('not on WhatsApp'); sent.push(msg.text) },
    })
    for (let i = 0; i < 3; i++) await drainer.kick(tenantId)
    const rows = await outgoing(tenantId)
    expect(rows[0]).toMatchObject({ body: 'will fail', status: 'failed', attempts: 3, error: 'not on WhatsApp' })
    expect(rows[1]).toMatchObject({ body: 'goes after', status: 'sent' })
    expect(sent).toEqual(['goes after'])
    await waitFor(() => events.some((e) => e.type === 'message.status' && (e.data as { status: string }).status === 'failed'), 5000, 'failed event')
  })

  it('wakes the owning gateway through Redis when another process writes to the outbox', async () => {
    const { tenantId } = await registerOwner(h.app)
    const conv = await conversationWith(tenantId, '628111000005')
    const sent: string[] = []
    const drainer = await h.startOutbox(async (_t, msg) => { sent.push(msg.text) }, () => [tenantId])
    // An api-only process would do exactly this: write the row and publish the tenant id.
    await h.pipeline.inbox.enqueueOutgoing(tenantId, conv, 'dari dashboard', 'owner')
    await waitFor(() => sent.includes('dari dashboard'), 5000, 'wake-up')
    drainer.stop()
  })
})
