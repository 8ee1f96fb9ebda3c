// A number's own settings over real HTTP, PostgreSQL and Redis: every group starts as "follow the
// shop", takes its own values, goes back to the shop's; another shop's or a removed number is 404,
// only owners and admins may read or change it, bad values are 400 with the field, and a change
// is in the audit log with the number.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { and, eq } from 'drizzle-orm'
import { registerOwner, startPipeline, type PipelineHarness } from '../../../test/pipeline-harness.js'
import { waSessions } from '../sessions/sessions.tables.js'

let h: PipelineHarness
beforeAll(async () => { h = await startPipeline() })
afterAll(async () => { await h?.close() })

type Owner = { auth: Record<string, string>; tenantId: string }
const call = (who: { auth: Record<string, string> }, method: 'GET' | 'PUT' | 'POST', url: string, payload?: object) =>
  h.app.inject({ method, url: `/api/v1${url}`, headers: who.auth, ...(payload ? { payload } : {}) })
const settingsOf = (who: Owner, deviceId: string) => call(who, 'GET', `/devices/${deviceId}/settings`)
const put = (who: { auth: Record<string, string> }, deviceId: string, body: object) => call(who, 'PUT', `/devices/${deviceId}/settings`, body)

const WEEK = Array.from({ length: 7 }, () => ({ closed: false, open: '09:00', close: '15:00' }))
const AWAY = { enabled: true, message: 'Nomor CS tutup, dibalas besok pagi ya.', week: WEEK, holidays: ['2026-12-31', '2026-12-25', '2026-12-31'] }
const RULE = { enabled: true, afterHours: 3, maxCount: 2, onlyHotLeads: false }

/** A shop whose AI answers by itself, with a second number "CS". */
async function shopWithTwoNumbers() {
  const owner = await registerOwner(h.app)
  expect((await call(owner, 'PUT', '/ai-config', { autoReply: true, followUp: { enabled: true, afterHours: 24, maxCount: 1, onlyHotLeads: true } })).statusCode).toBe(200)
  // The list makes the shop's first number (as the dashboard's device page does); then a second one.
  expect((await call(owner, 'GET', '/devices')).statusCode).toBe(200)
  const second = (await call(owner, 'POST', '/devices', { name: 'CS' })).json() as { id: string }
  return { owner, first: owner.tenantId, second: second.id }
}

describe('a number\'s own settings', () => {
  it('start as the shop\'s, take the number\'s own values, and go back to the shop\'s group by group', async () => {
    const { owner, first, second } = await shopWithTwoNumbers()
    const initial = await settingsOf(owner, second)
    expect(initial.statusCode).toBe(200)
    expect(initial.json()).toMatchObject({
      deviceId: second,
      autoReply: { inherit: true, value: { autoReply: true, replyToComplaints: false }, shop: { autoReply: true } },
      followUp: { inherit: true, value: { afterHours: 24, maxCount: 1 } },
      away: { inherit: true, value: { enabled: false }, shop: { enabled: false } },
    })

    const own = await put(owner, second, { autoReply: { autoReply: false, replyToComplaints: false }, followUp: RULE, away: AWAY })
    expect(own.statusCode).toBe(200)
    expect(own.json()).toMatchObject({
      autoReply: { inherit: false, value: { autoReply: false }, shop: { autoReply: true } },
      followUp: { inherit: false, value: RULE, shop: { afterHours: 24 } },
      // Holidays as the shop's are kept: each once, soonest first; the status is read in the shop's timezone.
      away: { inherit: false, value: { enabled: true, message: AWAY.message, holidays: ['2026-12-25', '2026-12-31'], timezone: 'Asia/Jakarta', status: { open: expect.any(Boolean) } }, shop: { enabled: false } },
    })
    expect((await settingsOf(owner, second)).json()).toEqual(own.json())
    // The first number still follows the shop in everything.
    expect((await settingsOf(owner, first)).json()).toMatchObject({ autoReply: { inherit: true }, followUp: { inherit: true }, away: { inherit: true } })

    // Back to the shop's auto-reply; the groups left out stay the number's own.
    const back = await put(owner, second, { autoReply: { inherit: true } })
    expect(back.json()).toMatchObject({ autoReply: { inherit: true, value: { autoReply: true } }, followUp: { inherit: false }, away: { inherit: false } })
    // A change of the shop's setting reaches a number that follows it.
    await call(owner, 'PUT', '/ai-config', { autoReply: false })
    expect((await settingsOf(owner, second)).json().autoReply).toEqual({ inherit: true, value: { autoReply: false, replyToComplaints: false }, shop: { autoReply: false, replyToComplaints: false } })
  })

  it('shows in the number list which groups each number has its own values for', async () => {
    const { owner, first, second } = await shopWithTwoNumbers()
    const list = async () => Object.fromEntries(((await call(owner, 'GET', '/devices')).json().items as Array<{ id: string; ownSettings: string[] }>).map((d) => [d.id, d.ownSettings]))
    expect(await list()).toEqual({ [first]: [], [second]: [] })
    await put(owner, second, { autoReply: { autoReply: false, replyToComplaints: false }, away: AWAY })
    expect(await list()).toEqual({ [first]: [], [second]: ['autoReply', 'away'] })
    expect((await call(owner, 'GET', `/devices/${second}`)).json().ownSettings).toEqual(['autoReply', 'away'])
    // Every group back to the shop's: the row stays, the marker goes.
    await put(owner, second, { autoReply: { inherit: true }, away: { inherit: true } })
    expect(await list()).toEqual({ [first]: [], [second]: [] })
  })

  it('writes each change to the audit log with the number, never the away message\'s text', async () => {
    const { owner, second } = await shopWithTwoNumbers()
    await put(owner, second, { away: AWAY, autoReply: { inherit: true } })
    const log = (await call(owner, 'GET', '/audit')).json().items as Array<{ action: string; target: unknown; details: Record<string, unknown> }>
    const entry = log.find((e) => e.action === 'device.settings_updated')
    expect(entry).toMatchObject({ target: { type: 'device', id: second }, details: { number: 'CS', away: 'own', autoReply: 'shop' } })
    expect(JSON.stringify(entry)).not.toContain(AWAY.message)
  })

  it("answers 404 device.not_found for another shop's number and a removed one, 400 for a malformed id", async () => {
    const { owner, second } = await shopWithTwoNumbers()
    const stranger = await registerOwner(h.app)
    for (const res of [await settingsOf(stranger, second), await put(stranger, second, { autoReply: { inherit: true } })]) {
      expect(res.statusCode).toBe(404)
      expect(res.json().error.code).toBe('device.not_found')
    }
    expect((await settingsOf(owner, second)).json().autoReply.inherit).toBe(true)
    await h.database.db.update(waSessions).set({ deletedAt: new Date() }).where(and(eq(waSessions.tenantId, owner.tenantId), eq(waSessions.id, second)))
    const removed = await put(owner, second, { autoReply: { inherit: true } })
    expect(removed.statusCode).toBe(404)
    expect(removed.json().error.code).toBe('device.not_found')
    const malformed = await settingsOf(owner, 'not-a-uuid')
    expect(malformed.statusCode).toBe(400)
    expect(malformed.json().error.code).toBe('validation.failed')
  })

  it('lets owners and admins in; agents, viewers and API keys get 403 with a code', async () => {
    const { owner, second } = await shopWithTwoNumbers()
    const admin = await h.member(owner, 'admin')
    expect((await put(admin, second, { autoReply: { autoReply: false, replyToComplaints: false } })).statusCode).toBe(200)
    for (const role of ['agent', 'viewer'] as const) {
      const member = await h.member(owner, role)
      for (const res of [await settingsOf({ ...member, tenantId: owner.tenantId }, second), await put(member, second, { autoReply: { inherit: true } })]) {
        expect(res.statusCode).toBe(403)
        expect(res.json().error.code).toBe('auth.forbidden')
      }
    }
    const key = (await call(owner, 'POST', '/api-keys', { name: 'Integrasi', scopes: ['device:manage'] })).json().secret as string
    const byKey = await h.app.inject({ method: 'GET', url: `/api/v1/devices/${second}/settings`, headers: { authorization: `Bearer ${key}` } })
    expect(byKey.statusCode).toBe(403)
    expect(byKey.json().error.code).toBe('auth.scope_missing')
    // Nothing an agent tried changed it.
    expect((await settingsOf(owner, second)).json().autoReply).toMatchObject({ inherit: false, value: { autoReply: false } })
  })

  it('refuses bad values with 400 and the field, and changes nothing', async () => {
    const { owner, second } = await shopWithTwoNumbers()
    const cases: Array<[object, string]> = [
      [{ away: { ...AWAY, message: '' } }, 'away.message'],
      [{ away: { ...AWAY, week: WEEK.slice(0, 3) } }, 'away.week'],
      [{ away: { ...AWAY, week: [{ closed: false, open: '25:00', close: '17:00' }, ...WEEK.slice(1)] } }, 'away.week.0.open'],
      [{ followUp: { ...RULE, maxCount: 9 } }, 'followUp.maxCount'],
      [{ autoReply: { inherit: false } }, 'autoReply'],
      [{ autoReply: { autoReply: 'ya', replyToComplaints: false } }, 'autoReply'],
      [{ quietHours: { start: '21:00', end: '08:00' } }, 'body'],
    ]
    for (const [body, path] of cases) {
      const res = await put(owner, second, body)
      expect(res.statusCode, JSON.stringify(body)).toBe(400)
      expect(res.json().error.code).toBe('validation.failed')
      expect(res.json().error.details.map((d: { path: string }) => d.path).join(' ')).toContain(path)
    }
    expect((await settingsOf(owner, second)).json()).toMatchObject({ autoReply: { inherit: true }, followUp: { inherit: true }, away: { inherit: true } })
  })
})
