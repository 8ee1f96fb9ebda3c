import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { customerMessage, registerOwner, startPipeline, type PipelineHarness } from '../../../test/pipeline-harness.js'

let h: PipelineHarness
type Who = { auth: Record<string, string> }
let owner: Who & { tenantId: string; userId: string }
let admin: Who & { userId: string }
let viewer: Who & { userId: string }

beforeAll(async () => {
  h = await startPipeline()
  owner = await registerOwner(h.app)
  admin = await h.member(owner, 'admin')
  viewer = await h.member(owner, 'viewer')
})
afterAll(async () => { await h?.close() })

const call = (who: Who, method: 'GET' | 'POST' | 'DELETE', url: string, payload?: object) =>
  h.app.inject({ method, url: `/api/v1${url}`, headers: who.auth, ...(payload ? { payload } : {}) })

describe('the team', () => {
  it('lists members to every role and shows a temporary password once on invite', async () => {
    const listed = (await call(viewer, 'GET', '/team')).json().items
    expect(listed.map((m: { role: string }) => m.role).sort()).toEqual(['admin', 'owner', 'viewer'])
    expect(JSON.stringify(listed)).not.toMatch(/password/i)
    const res = await call(admin, 'POST', '/team', { email: `Agent-${Date.now()}@Example.com`, role: 'agent', name: 'Dewi' })
    expect(res.statusCode).toBe(201)
    expect(res.json()).toMatchObject({ member: { role: 'agent', name: 'Dewi' }, temporaryPassword: expect.any(String) })
    expect(res.json().member.email).toBe(res.json().member.email.toLowerCase())
  })

  it('refuses bad invites, duplicate e-mails and admins invited by admins', async () => {
    expect((await call(owner, 'POST', '/team', { email: 'not-an-email', role: 'agent' })).json().error.code).toBe('validation.failed')
    expect((await call(owner, 'POST', '/team', { email: 'x@example.com', role: 'owner' })).json().error.code).toBe('validation.failed')
    const email = `dup-${Date.now()}@example.com`
    expect((await call(owner, 'POST', '/team', { email, role: 'viewer' })).statusCode).toBe(201)
    expect((await call(owner, 'POST', '/team', { email, role: 'viewer' })).json().error.code).toBe('team.email_taken')
    expect((await call(admin, 'POST', '/team', { email: `a-${Date.now()}@example.com`, role: 'admin' })).statusCode).toBe(403)
    expect((await call(viewer, 'POST', '/team', { email: `v-${Date.now()}@example.com`, role: 'viewer' })).statusCode).toBe(403)
  })

  it('removes members, but never yourself, the last owner, or someone of another tenant', async () => {
    const extra = await h.member(owner, 'viewer')
    expect((await call(viewer, 'DELETE', `/team/${extra.userId}`)).statusCode).toBe(403)
    expect((await call(admin, 'DELETE', `/team/${extra.userId}`)).statusCode).toBe(204)
    expect((await call(admin, 'DELETE', `/team/${extra.userId}`)).json().error.code).toBe('team.not_found')
    expect((await call(owner, 'DELETE', `/team/${owner.userId}`)).json().error.code).toBe('team.cannot_remove_self')
    expect((await call(admin, 'DELETE', `/team/${owner.userId}`)).statusCode).toBe(403)
    const stranger = await registerOwner(h.app)
    expect((await call(stranger, 'DELETE', `/team/${viewer.userId}`)).statusCode).toBe(404)
    expect((await call(owner, 'DELETE', '/team/nope')).json().error.code).toBe('validation.failed')
  })
})

describe('the overview and onboarding', () => {
  it('counts this week\'s conversations by mode and day', async () => {
    await h.pipeline.inbox.ingest(owner.tenantId, [customerMessage({ text: 'Halo' })], 'live')
    const res = (await call(viewer, 'GET', '/overview')).json()
    expect(res.messagesPerDay).toHaveLength(7)
    expect(res.messagesPerDay.at(-1).in).toBe(1)
    expect(Object.keys(res.conversationsByMode).sort()).toEqual(['complaint', 'faq', 'order', 'other'])
    const stranger = await registerOwner(h.app)
    expect((await call(stranger, 'GET', '/overview')).json().messagesPerDay.at(-1).in).toBe(0)
  })

  it('marks the tenant onboarded for admins only', async () => {
    expect((await call(viewer, 'POST', '/tenant/onboarded')).statusCode).toBe(403)
    expect((await call(owner, 'POST', '/tenant/onboarded', { done: true })).json().error.code).toBe('validation.failed')
    const res = await call(owner, 'POST', '/tenant/onboarded')
    expect(res.json()).toMatchObject({ id: owner.tenantId, onboarded: true })
    expect((await call(viewer, 'GET', '/auth/me')).json().tenant.onboarded).toBe(true)
  })
})
