// The inbox list is ordered by the last message (what the live updates do in the dashboard), so
// reading a chat, taking it over or fixing a tag never makes rows jump on the next load.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { customerMessage, registerOwner, startPipeline, type PipelineHarness } from '../../../test/pipeline-harness.js'

let h: PipelineHarness
let owner: { auth: Record<string, string>; tenantId: string }
const ids: Record<string, string> = {}

const list = async (query = '') => {
  const res = await h.app.inject({ method: 'GET', url: `/api/v1/conversations${query}`, headers: owner.auth })
  expect(res.statusCode).toBe(200)
  return res.json() as { items: Array<{ id: string; contact: { name: string } }>; nextCursor: string | null }
}
const names = (page: { items: Array<{ contact: { name: string } }> }) => page.items.map((c) => c.contact.name)

beforeAll(async () => {
  h = await startPipeline()
  owner = await registerOwner(h.app)
  // Oldest first: Ani wrote an hour ago, Budi half an hour ago, Citra just now.
  const now = Date.now()
  for (const [i, name] of ['Ani', 'Budi', 'Citra'].entries()) {
    await h.pipeline.inbox.ingest(owner.tenantId, [customerMessage({ phone: `62877000000${i}`, pushName: name, text: `Halo dari ${name}`, timestamp: new Date(now - (2 - i) * 1_800_000) })], 'backlog')
  }
  for (const c of (await list()).items) ids[c.contact.name] = c.id
})
afterAll(async () => { await h?.close() })

describe('the inbox list order', () => {
  it('puts the conversation with the newest message first', async () => {
    expect(names(await list())).toEqual(['Citra', 'Budi', 'Ani'])
  })

  it('keeps that order after the oldest chat is read, taken over and handed back', async () => {
    const post = (url: string) => h.app.inject({ method: 'POST', url: `/api/v1/conversations/${ids.Ani}/${url}`, headers: owner.auth })
    expect((await post('read')).statusCode).toBe(204)
    expect((await post('takeover')).statusCode).toBe(200)
    expect((await post('handback')).statusCode).toBe(200)
    expect(names(await list())).toEqual(['Citra', 'Budi', 'Ani'])
  })

  it('pages with the same order, without skipping or repeating a row', async () => {
    const seen: string[] = []
    let page = await list('?limit=1')
    seen.push(...names(page))
    while (page.nextCursor) {
      page = await list(`?limit=1&cursor=${page.nextCursor}`)
      seen.push(...names(page))
    }
    expect(seen).toEqual(['Citra', 'Budi', 'Ani'])
  })

  it('moves a chat to the top when a new message arrives in it', async () => {
    await h.pipeline.inbox.ingest(owner.tenantId, [customerMessage({ phone: '628770000000', pushName: 'Ani', text: 'Masih buka?' })], 'live')
    expect(names(await list())).toEqual(['Ani', 'Citra', 'Budi'])
  })
})
