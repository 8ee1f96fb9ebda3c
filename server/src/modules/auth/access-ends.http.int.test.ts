// Access ends at once (issue 11.2): after a member is removed, their role changes, they log out,
// or their session's refresh family is revoked, their access token stops working on the very next
// request and their open events socket is closed with 4401. (Across two processes:
// test/e2e/access-revocation.e2e.test.ts.)
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { FakeWhatsApp } from '../../adapters/whatsapp/fake/fake-whatsapp.js'
import { connectEvents } from '../../../test/events-client.js'
import { registerOwner, startGateway, type GatewayHarness } from '../../../test/gateway-harness.js'
import { customerMessage } from '../../../test/pipeline-harness.js'
import { REFRESH_COOKIE } from './auth.routes.js'

let gw: GatewayHarness
beforeAll(async () => { gw = await startGateway({ overrides: { whatsapp: new FakeWhatsApp() } }) })
afterAll(async () => { await gw?.close() })

type Member = { token: string; cookie: string; userId: string; auth: Record<string, string> }
const inject = (method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, headers: Record<string, string> = {}, payload?: object, cookies?: Record<string, string>) =>
  gw.app.inject({ method, url: `/api/v1${url}`, headers, ...(payload ? { payload } : {}), ...(cookies ? { cookies } : {}) })
const cookieOf = (res: { cookies: Array<{ name: string; value: string }> }) => res.cookies.find((c) => c.name === REFRESH_COOKIE)!.value

async function shopWithAgent(role: 'agent' | 'admin' = 'agent') {
  const owner = await registerOwner(gw.app)
  const email = `${role}-${Date.now()}-${Math.random().toString(36).slice(2, 6)}@example.com`
  const invited = await inject('POST', '/team', owner.auth, { email, role })
  const login = await inject('POST', '/auth/login', {}, { email, password: invited.json().temporaryPassword })
  const set = await inject('POST', '/auth/password', { authorization: `Bearer ${login.json().accessToken}` }, { newPassword: 'agen-rahasia-123' })
  expect(set.statusCode).toBe(200)
  const member: Member = { token: set.json().accessToken, cookie: cookieOf(set), userId: set.json().user.id, auth: { authorization: `Bearer ${set.json().accessToken}` } }
  await gw.services.inbox.ingest(owner.tenantId, [customerMessage({ text: 'Kak, kopi susu masih ada?' })], 'live')
  const conversations = (await inject('GET', '/conversations', member.auth)).json().items
  expect(conversations.length).toBe(1)
  return { owner, member, email, conversationId: conversations[0].id as string }
}

describe('access ends at once', () => {
  it('after DELETE /team/:id: the next read and send are refused and the open socket closes with 4401', async () => {
    const { owner, member, conversationId } = await shopWithAgent()
    const socket = await connectEvents(gw.url, member.token)
    expect((await inject('POST', `/conversations/${conversationId}/messages`, member.auth, { text: 'Masih kak' })).statusCode).toBe(202)
    expect((await inject('DELETE', `/team/${member.userId}`, owner.auth)).statusCode).toBe(204)
    const read = await inject('GET', `/conversations/${conversationId}/messages`, member.auth)
    expect(read.statusCode).toBe(401)
    expect(read.json().error.code).toBe('auth.session_revoked')
    expect((await inject('POST', `/conversations/${conversationId}/messages`, member.auth, { text: 'masih bisa?' })).statusCode).toBe(401)
    expect(await socket.closeCode).toBe(4401)
    // A new socket does not authenticate either, and the refresh token is gone.
    const again = await connectEvents(gw.url, undefined)
    again.send({ type: 'auth', token: member.token })
    expect(await again.closeCode).toBe(4401)
    expect((await inject('POST', '/auth/refresh', {}, {}, { [REFRESH_COOKIE]: member.cookie })).statusCode).toBe(401)
  })

  it('after logout: that session’s access token and socket end; the refresh token is dead', async () => {
    const { member, conversationId } = await shopWithAgent()
    const socket = await connectEvents(gw.url, member.token)
    expect((await inject('POST', '/auth/logout', {}, {}, { [REFRESH_COOKIE]: member.cookie })).statusCode).toBe(204)
    expect((await inject('GET', `/conversations/${conversationId}`, member.auth)).statusCode).toBe(401)
    expect(await socket.closeCode).toBe(4401)
  })

  it('after a role change: the old token stops at once, the socket closes, and a refresh carries the new role', async () => {
    const { owner, member } = await shopWithAgent('admin')
    const socket = await connectEvents(gw.url, member.token)
    expect((await inject('GET', '/ai-config', member.auth)).statusCode).toBe(200)
    const demoted = await inject('PATCH', `/team/${member.userId}`, owner.auth, { role: 'viewer' })
    expect(demoted.statusCode).toBe(200)
    expect(demoted.json().role).toBe('viewer')
    // Still an admin token: refused at once, not after 15 minutes.
    const put = await inject('POST', '/team', member.auth, { email: `x-${Date.now()}@example.com`, role: 'viewer' })
    expect(put.statusCode).toBe(401)
    expect(put.json().error.code).toBe('auth.session_revoked')
    expect(await socket.closeCode).toBe(4401)
    const refreshed = await inject('POST', '/auth/refresh', {}, {}, { [REFRESH_COOKIE]: member.cookie })
    expect(refreshed.statusCode).toBe(200)
    expect(refreshed.json().user.role).toBe('viewer')
    const viewer = { authorization: `Bearer ${refreshed.json().accessToken}` }
    expect((await inject('GET', '/team', viewer)).statusCode).toBe(200)
    expect((await inject('POST', '/team', viewer, { email: `y-${Date.now()}@example.com`, role: 'viewer' })).statusCode).toBe(403)
  })

  it('after the refresh family is revoked for reuse: the access tokens of that session stop', async () => {
    const { member, conversationId } = await shopWithAgent()
    const socket = await connectEvents(gw.url, member.token)
    const rotated = await inject('POST', '/auth/refresh', {}, {}, { [REFRESH_COOKIE]: member.cookie })
    expect(rotated.statusCode).toBe(200)
    const newer = { authorization: `Bearer ${rotated.json().accessToken}` }
    expect((await inject('GET', `/conversations/${conversationId}`, newer)).statusCode).toBe(200)
    // The old cookie again: reuse, the whole family is revoked — and every access token of it.
    expect((await inject('POST', '/auth/refresh', {}, {}, { [REFRESH_COOKIE]: member.cookie })).json().error.code).toBe('auth.refresh_reused')
    expect((await inject('GET', `/conversations/${conversationId}`, newer)).statusCode).toBe(401)
    expect((await inject('GET', `/conversations/${conversationId}`, member.auth)).statusCode).toBe(401)
    expect(await socket.closeCode).toBe(4401)
  })

  it('leaves the member’s other sessions alone when one logs out, and other members alone when one is removed', async () => {
    const { owner, member, email, conversationId } = await shopWithAgent()
    const second = await inject('POST', '/auth/login', {}, { email, password: 'agen-rahasia-123' })
    expect(second.statusCode).toBe(200)
    await inject('POST', '/auth/logout', {}, {}, { [REFRESH_COOKIE]: member.cookie })
    expect((await inject('GET', `/conversations/${conversationId}`, { authorization: `Bearer ${second.json().accessToken}` })).statusCode).toBe(200)
    expect((await inject('GET', `/conversations/${conversationId}`, owner.auth)).statusCode).toBe(200)
  })
})
