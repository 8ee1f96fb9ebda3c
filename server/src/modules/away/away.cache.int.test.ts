// The away check runs for every customer message, so the settings are read once per tenant and
// cached (away.service.ts): a change through the API takes effect at once in this process, and in
// every other process through the Redis announcement — the TTL only bounds a lost announcement.
import { and, eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createServices, type Services } from '../../composition.js'
import { silentLogger } from '../../../test/build-test-app.js'
import { messages } from '../inbox/inbox.tables.js'
import { customerMessage, registerOwner, startPipeline, waitFor, type PipelineHarness } from '../../../test/pipeline-harness.js'
import { awaySettings } from './away.tables.js'
import type { WeekHours } from './away.hours.js'

let h: PipelineHarness
/** A second process on the same database and Redis (another API or worker replica). */
let other: Services
type Owner = Awaited<ReturnType<typeof registerOwner>>
const MESSAGE = 'Toko sedang tutup, kami balas besok ya.'
/** Closed all week: every message falls outside hours. */
const CLOSED: WeekHours = Array.from({ length: 7 }, () => ({ closed: true, open: '08:00', close: '17:00' }))
let phoneSeq = 0

beforeAll(async () => {
  h = await startPipeline()
  other = await createServices({ config: h.config, database: h.database, redis: h.redis, logger: silentLogger, clock: h.clock })
})
afterAll(async () => { await other?.close(); await h?.close() })

const put = (o: Owner, body: object) => h.app.inject({ method: 'PUT', url: '/api/v1/away', headers: o.auth, payload: body })
/** A new customer writes; returns how many away messages their chat got. */
async function customerWrites(o: Owner): Promise<number> {
  const phone = `62822200${String(++phoneSeq).padStart(4, '0')}`
  await h.pipeline.inbox.ingest(o.tenantId, [customerMessage({ phone, text: 'Kak, buka?' })], 'live')
  const rows = await h.database.db.select().from(messages).where(and(eq(messages.tenantId, o.tenantId), eq(messages.sentBy, 'away')))
  return rows.filter((m) => m.chatJid === `${phone}@s.whatsapp.net`).length
}

describe('away settings are cached per tenant', () => {
  it('reads them once, not per message: a row changed behind the service (no announcement) is not seen', async () => {
    const owner = await registerOwner(h.app)
    expect((await put(owner, { enabled: false, message: MESSAGE, week: CLOSED })).statusCode).toBe(200)
    expect(await customerWrites(owner)).toBe(0)
    // Turned on in the database directly: the cached "off" still holds, so no query ran for it.
    await h.database.db.update(awaySettings).set({ enabled: true }).where(eq(awaySettings.tenantId, owner.tenantId))
    expect(await customerWrites(owner)).toBe(0)
  })

  it('takes a change through the API at once', async () => {
    const owner = await registerOwner(h.app)
    await put(owner, { enabled: false, message: MESSAGE, week: CLOSED })
    expect(await customerWrites(owner)).toBe(0)
    await put(owner, { enabled: true, message: MESSAGE, week: CLOSED })
    expect(await customerWrites(owner)).toBe(1)
    await put(owner, { enabled: false, message: MESSAGE, week: CLOSED })
    expect(await customerWrites(owner)).toBe(0)
  })

  it('takes a change made in another process as soon as its announcement arrives', async () => {
    const owner = await registerOwner(h.app)
    await put(owner, { enabled: false, message: MESSAGE, week: CLOSED })
    expect(await customerWrites(owner)).toBe(0)
    await other.away.save(owner.tenantId, { enabled: true, message: MESSAGE, week: CLOSED, holidays: [] }, { type: 'user', userId: owner.userId })
    // Well inside the cache's TTL: only the announcement can make this process see it.
    await waitFor(async () => (await h.pipeline.away.settings(owner.tenantId)).enabled, 5000, 'the announcement')
    expect(await customerWrites(owner)).toBe(1)
  })
})
