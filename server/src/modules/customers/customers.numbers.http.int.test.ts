// A customer who chats with two of the shop's numbers has a chat with each, and is still one
// customer: listed once on the customers page, in every page of it, in a search and in the export.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { customerMessage, registerOwner, startPipeline, type PipelineHarness } from '../../../test/pipeline-harness.js'

let h: PipelineHarness
let owner: { auth: Record<string, string>; tenantId: string }
const call = (method: 'GET' | 'POST', url: string, payload?: object, headers: Record<string, string> = {}) =>
  h.app.inject({ method, url: `/api/v1${url}`, headers: { ...owner.auth, ...headers }, ...(payload ? { payload } : {}) })

beforeAll(async () => {
  h = await startPipeline()
  owner = await registerOwner(h.app)
  await h.pipeline.inbox.ingest(owner.tenantId, [customerMessage({ phone: '6281299990001', pushName: 'Sari Dua Nomor', text: 'Halo kak' })], 'live')
  await h.pipeline.inbox.ingest(owner.tenantId, [customerMessage({ phone: '6281299990002', pushName: 'Tono', text: 'Permisi' })], 'live')
  // The shop writes to Sari from its second number: a second chat with the same customer.
  const bekasi = (await call('POST', '/devices', { name: 'Cabang Bekasi' })).json() as { id: string }
  expect((await call('POST', '/messages', { to: '+6281299990001', text: 'Halo dari Bekasi', deviceId: bekasi.id }, { 'idempotency-key': 'sari-bekasi' })).statusCode).toBe(201)
  expect((await call('GET', '/conversations?q=6281299990001')).json().items).toHaveLength(2)
})
afterAll(async () => { await h?.close() })

describe('a customer with a chat on each of two numbers', () => {
  it('is listed once, on one page only, in a search and in the export', async () => {
    const all = (await call('GET', '/customers')).json().items as Array<{ name: string }>
    expect(all.map((c) => c.name).sort()).toEqual(['Sari Dua Nomor', 'Tono'])
    const seen: string[] = []
    let cursor: string | null = null
    do {
      const page = (await call('GET', `/customers?limit=1${cursor ? `&cursor=${cursor}` : ''}`)).json() as { items: Array<{ name: string }>; nextCursor: string | null }
      seen.push(...page.items.map((c) => c.name))
      cursor = page.nextCursor
    } while (cursor)
    expect(seen.sort()).toEqual(['Sari Dua Nomor', 'Tono'])
    expect((await call('GET', '/customers?q=Sari')).json().items).toHaveLength(1)
    const csv = (await call('GET', '/customers/export')).body
    expect(csv.split('\n').filter((l) => l.includes('Sari Dua Nomor'))).toHaveLength(1)
  })

  it('opens on the chat it had last', async () => {
    const [sari] = (await call('GET', '/customers?q=Sari')).json().items as Array<{ id: string }>
    const latest = (await call('GET', '/conversations?q=6281299990001')).json().items[0] as { id: string }
    expect((await call('GET', `/contacts/${sari!.id}`)).json().conversationId).toBe(latest.id)
  })
})
