import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { and, eq } from 'drizzle-orm'
import { customerMessage, registerOwner, startPipeline, waitFor, type PipelineHarness } from '../../../test/pipeline-harness.js'
import { isValidWaMessageId } from '../../adapters/whatsapp/whatsapp.port.js'
import { followUps } from '../followups/followups.tables.js'
import { contacts, conversations, messages } from './inbox.tables.js'

let h: PipelineHarness
beforeAll(async () => { h = await startPipeline() })
afterAll(async () => { await h?.close() })

const rowsFor = (tenantId: string) => h.database.db.select().from(messages).where(eq(messages.tenantId, tenantId))
const inboundJobs = async () => (await h.pipeline.jobs.queue('inbound').getJobs(['waiting', 'delayed', 'active', 'completed', 'failed'])).length

describe('ingest', () => {
  it('stores a message delivered twice once, announces it once and queues one job', async () => {
    const { tenantId } = await registerOwner(h.app)
    const events = await h.record(tenantId)
    const before = await inboundJobs()
    const m = customerMessage({ text: 'Kopi susu berapa kak?' })
    await h.pipeline.inbox.ingest(tenantId, [m], 'live')
    await h.pipeline.inbox.ingest(tenantId, [m], 'live')
    await h.pipeline.inbox.ingest(tenantId, [m], 'backlog')
    const rows = await rowsFor(tenantId)
    expect(rows).toHaveLength(1)
    expect(rows[0]).toMatchObject({ direction: 'in', status: 'received', sentBy: 'customer', body: 'Kopi susu berapa kak?', waId: m.waId })
    expect(await inboundJobs()).toBe(before + 1)
    await waitFor(() => events.some((e) => e.type === 'message.created'), 5000, 'message.created')
    expect(events.filter((e) => e.type === 'message.created')).toHaveLength(1)
    const [conv] = await h.database.db.select().from(conversations).where(eq(conversations.tenantId, tenantId))
    expect(conv).toMatchObject({ unreadCount: 1, lastMessageBody: 'Kopi susu berapa kak?', lastMessageDirection: 'in' })
  })

  it('keeps what the list previews for a media message: its type, a voice note\'s length, a file\'s name', async () => {
    const { tenantId, auth } = await registerOwner(h.app)
    const download = { directPath: '/v/t62/x', url: null, mediaKey: 'AAAA', fileSha256: null, fileEncSha256: null, mediaType: 'audio' as const }
    const media = { mime: 'audio/ogg; codecs=opus', size: 1200, width: null, height: null, waveform: null, inlineThumbnail: null, download }
    const phone = `62812${String(Date.now()).slice(-8)}`
    await h.pipeline.inbox.ingest(tenantId, [customerMessage({ phone, type: 'audio', text: null, media: { ...media, kind: 'ptt', durationMs: 7000, fileName: null } })], 'live')
    const list = async () => (await h.app.inject({ method: 'GET', url: '/api/v1/conversations', headers: auth })).json().items[0].lastMessage
    expect(await list()).toMatchObject({ type: 'audio', body: null, media: { kind: 'ptt', durationMs: 7000, fileName: null } })
    await h.pipeline.inbox.ingest(tenantId, [customerMessage({ phone, type: 'text', text: 'Halo kak' })], 'live')
    expect(await list()).toMatchObject({ type: 'text', body: 'Halo kak', media: null })
  })

  it('merges the phone-number and LID forms of one customer into one contact and one conversation', async () => {
    const { tenantId } = await registerOwner(h.app)
    const lid = `${Date.now()}77@lid`
    const byLid = customerMessage({ chatJid: lid, customerPn: null, customerLid: lid, text: 'Halo' })
    await h.pipeline.inbox.ingest(tenantId, [byLid], 'live')
    const pn = '628123450001@s.whatsapp.net'
    await h.pipeline.inbox.ingest(tenantId, [customerMessage({ chatJid: pn, customerPn: pn, customerLid: lid, text: 'Masih buka?' })], 'live')
    await h.pipeline.inbox.ingest(tenantId, [customerMessage({ chatJid: pn, customerPn: pn, customerLid: null, text: 'Kak?' })], 'live')
    // The same message redelivered under the other address is still the same message.
    await h.pipeline.inbox.ingest(tenantId, [{ ...byLid, chatJid: pn, customerPn: pn }], 'live')
    const people = await h.database.db.select().from(contacts).where(eq(contacts.tenantId, tenantId))
    expect(people).toHaveLength(1)
    expect(people[0]).toMatchObject({ phone: '628123450001', lid, jid: pn })
    expect(await h.database.db.select().from(conversations).where(eq(conversations.tenantId, tenantId))).toHaveLength(1)
    expect(await rowsFor(tenantId)).toHaveLength(3)
  })

  it('stores what the owner typed on the phone as outgoing, by the owner; it ends the customer\'s wait and cancels no nudge', async () => {
    const { tenantId } = await registerOwner(h.app)
    const m = customerMessage({ text: 'Mau pesan 2 kopi' })
    await h.pipeline.inbox.ingest(tenantId, [m], 'live')
    const [row] = await rowsFor(tenantId)
    const [fu] = await h.database.db.insert(followUps).values({
      id: crypto.randomUUID(), tenantId, conversationId: row!.conversationId, triggerMessageId: row!.id, attempt: 1,
      dueAt: new Date(Date.now() + 3_600_000), status: 'scheduled', reason: 'hot_lead',
    }).returning()
    const [waiting] = await h.database.db.select().from(conversations).where(eq(conversations.tenantId, tenantId))
    expect(waiting!.waitingSince?.toISOString()).toBe(row!.createdAt.toISOString())
    await h.pipeline.inbox.ingest(tenantId, [customerMessage({ chatJid: m.chatJid, customerPn: m.customerPn, fromMe: true, pushName: 'Owner', text: 'Siap kak' })], 'live')
    const out = (await rowsFor(tenantId)).find((r) => r.fromMe)
    expect(out).toMatchObject({ direction: 'out', sentBy: 'owner', status: 'sent', body: 'Siap kak' })
    // The shop answered: that is what makes a later nudge right, not a reason to drop it.
    const [after] = await h.database.db.select().from(followUps).where(eq(followUps.id, fu!.id))
    expect(after).toMatchObject({ status: 'scheduled' })
    const [person] = await h.database.db.select().from(contacts).where(eq(contacts.tenantId, tenantId))
    expect(person!.name).toBe('Budi') // the owner's own push name does not rename the customer
    const [conv] = await h.database.db.select().from(conversations).where(eq(conversations.tenantId, tenantId))
    expect(conv!.unreadCount).toBe(0)
    expect(conv!.waitingSince).toBeNull()
  })

  it('keeps backlog messages in their own time order without replacing a newer last message', async () => {
    const { tenantId } = await registerOwner(h.app)
    const phone = '628123450002'
    await h.pipeline.inbox.ingest(tenantId, [customerMessage({ phone, text: 'pesan baru' })], 'live')
    await h.pipeline.inbox.ingest(tenantId, [customerMessage({ phone, text: 'pesan lama', timestamp: new Date(Date.now() - 3_600_000) })], 'backlog')
    const rows = await rowsFor(tenantId)
    expect(rows).toHaveLength(2)
    const [conv] = await h.database.db.select().from(conversations).where(eq(conversations.tenantId, tenantId))
    expect(conv!.lastMessageBody).toBe('pesan baru')
    expect(rows.find((r) => r.body === 'pesan lama')!.createdAt.getTime()).toBeLessThan(rows.find((r) => r.body === 'pesan baru')!.createdAt.getTime())
  })
})

describe('receipts', () => {
  it('moves a sent message forward to delivered and read and never back', async () => {
    const { tenantId } = await registerOwner(h.app)
    await h.pipeline.inbox.ingest(tenantId, [customerMessage({ text: 'Halo' })], 'live')
    const [inbound] = await rowsFor(tenantId)
    const out = (await h.pipeline.inbox.enqueueOutgoing(tenantId, inbound!.conversationId, 'Halo juga', 'agent'))!
    expect(isValidWaMessageId(out.waId)).toBe(true)
    const events = await h.record(tenantId)
    const { drainer } = h.drainer()
    await drainer.kick(tenantId)
    const status = async () => (await h.database.db.select().from(messages).where(and(eq(messages.tenantId, tenantId), eq(messages.id, out.id))))[0]!.status
    expect(await status()).toBe('sent')
    const receipt = (s: 'delivered' | 'read' | 'sent') => ({ waId: out.waId, chatJid: out.chatJid, status: s })
    await h.pipeline.inbox.applyReceipts(tenantId, [receipt('read')])
    await h.pipeline.inbox.applyReceipts(tenantId, [receipt('delivered'), receipt('sent')])
    expect(await status()).toBe('read')
    // Another tenant's receipt for the same id changes nothing here.
    const other = await registerOwner(h.app)
    await h.pipeline.inbox.applyReceipts(other.tenantId, [{ ...receipt('read'), waId: out.waId }])
    await waitFor(() => events.filter((e) => e.type === 'message.status').length >= 2, 5000, 'status events')
    expect(events.filter((e) => e.type === 'message.status').map((e) => (e.data as { status: string }).status)).toEqual(['sent', 'read'])
    expect(await h.pipeline.inbox.sentOutboxItem(tenantId, out.waId)).toMatchObject({ messageId: out.waId, text: 'Halo juga', hasMedia: false })
    expect(await h.pipeline.inbox.sentOutboxItem(other.tenantId, out.waId)).toBeUndefined()
  })
})
