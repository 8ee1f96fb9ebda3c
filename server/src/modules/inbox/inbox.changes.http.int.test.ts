// The conversation list after a customer changes a message: a delete-for-everyone of the last
// message leaves no trace of its words in the list's preview (type `deleted`, the dashboard says
// "Pesan ini dihapus") and dashboards hear it live; an edit of the last message shows the new
// words; a change to an older message leaves the preview alone.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { customerMessage, registerOwner, startPipeline, type PipelineHarness } from '../../../test/pipeline-harness.js'
import { waitFor } from '../../../test/gateway-harness.js'

let h: PipelineHarness
beforeAll(async () => { h = await startPipeline() })
afterAll(async () => { await h?.close() })

type Last = { body: string | null; type: string; media: unknown }
const lastOf = async (auth: Record<string, string>, phone: string): Promise<Last> => {
  const items = (await h.app.inject({ method: 'GET', url: '/api/v1/conversations', headers: auth })).json().items as Array<{ contact: { phone: string }; lastMessage: Last }>
  return items.find((c) => c.contact.phone === phone)!.lastMessage
}

describe('the chat list preview after a customer changes a message', () => {
  it('shows a deleted last message as deleted, never its words, and tells the dashboards', async () => {
    const owner = await registerOwner(h.app)
    const events = await h.record(owner.tenantId)
    const phone = '6281277770001'
    const first = customerMessage({ phone, text: 'Nomor rekening saya 1234567890' })
    await h.pipeline.inbox.ingest(owner.tenantId, [first], 'live')
    expect(await lastOf(owner.auth, phone)).toMatchObject({ body: 'Nomor rekening saya 1234567890', type: 'text' })

    await h.pipeline.inbox.ingest(owner.tenantId, [customerMessage({ phone, text: '', change: { kind: 'revoke', targetWaId: first.waId, targetFromMe: false } })], 'live')
    expect(await lastOf(owner.auth, phone)).toMatchObject({ body: null, type: 'deleted', media: null })
    const updated = await waitFor(() => events.find((e) => e.type === 'conversation.updated'), 5000, 'conversation.updated')
    expect(updated.data).toMatchObject({ lastMessage: { body: null, type: 'deleted' } })
    expect(JSON.stringify(updated.data)).not.toContain('1234567890')
  })

  it('shows an edited last message with its new words; a change to an older message leaves the preview alone', async () => {
    const owner = await registerOwner(h.app)
    const phone = '6281277770002'
    const older = customerMessage({ phone, text: 'Mau pesan 2' })
    const newest = customerMessage({ phone, text: 'Kirim ke Bandung', timestamp: new Date(Date.now() + 1000) })
    await h.pipeline.inbox.ingest(owner.tenantId, [older], 'live')
    await h.pipeline.inbox.ingest(owner.tenantId, [newest], 'live')
    await h.pipeline.inbox.ingest(owner.tenantId, [customerMessage({ phone, text: 'Kirim ke Bogor', change: { kind: 'edit', targetWaId: newest.waId, targetFromMe: false } })], 'live')
    expect(await lastOf(owner.auth, phone)).toMatchObject({ body: 'Kirim ke Bogor', type: 'text' })
    await h.pipeline.inbox.ingest(owner.tenantId, [customerMessage({ phone, text: '', change: { kind: 'revoke', targetWaId: older.waId, targetFromMe: false } })], 'live')
    expect(await lastOf(owner.auth, phone)).toMatchObject({ body: 'Kirim ke Bogor', type: 'text' })
  })
})
