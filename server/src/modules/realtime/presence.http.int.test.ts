// Presence: a teammate is online while one of their event sockets is open, across sockets.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { FakeWhatsApp } from '../../adapters/whatsapp/fake/fake-whatsapp.js'
import { connectEvents } from '../../../test/events-client.js'
import { registerOwner, startGateway, waitFor, type GatewayHarness } from '../../../test/gateway-harness.js'

let gw: GatewayHarness
beforeAll(async () => { gw = await startGateway({ overrides: { whatsapp: new FakeWhatsApp() } }) })
afterAll(async () => { await gw?.close() })

const online = async (auth: Record<string, string>) => (await gw.app.inject({ method: 'GET', url: '/api/v1/presence', headers: auth })).json().online as string[]

describe('presence', () => {
  it('shows a teammate online while any of their dashboards is open, and tells the others', async () => {
    const owner = await registerOwner(gw.app)
    const stranger = await registerOwner(gw.app)
    expect(await online(owner.auth)).toEqual([])
    const watcher = await connectEvents(gw.url, owner.token)
    await waitFor(async () => (await online(owner.auth)).includes(owner.userId), 5000, 'owner online')

    const first = await connectEvents(gw.url, stranger.token)
    const second = await connectEvents(gw.url, stranger.token)
    await waitFor(async () => (await online(stranger.auth)).includes(stranger.userId), 5000, 'stranger online')
    // Tenants stay apart: nobody sees another shop's people.
    expect(await online(owner.auth)).toEqual([owner.userId])

    first.close()
    await first.closeCode
    // One dashboard closed, one still open: still online.
    expect(await online(stranger.auth)).toEqual([stranger.userId])
    second.close()
    await waitFor(async () => (await online(stranger.auth)).length === 0, 5000, 'stranger offline')

    const other = await connectEvents(gw.url, stranger.token)
    other.close()
    watcher.close()
    await waitFor(async () => (await online(owner.auth)).length === 0, 5000, 'owner offline')
    // The owner heard of themselves only, never of the other shop's teammate.
    expect(watcher.events.filter((e) => e.type === 'presence.changed').every((e) => e.data.userId === owner.userId)).toBe(true)
  })

  it('announces a teammate coming and going to the team', async () => {
    const owner = await registerOwner(gw.app)
    const watcher = await connectEvents(gw.url, owner.token)
    await waitFor(async () => (await online(owner.auth)).includes(owner.userId), 5000, 'owner online')
    const inv = await gw.app.inject({ method: 'POST', url: '/api/v1/team', headers: owner.auth, payload: { email: `agen-${Date.now()}@example.com`, role: 'agent' } })
    const login = await gw.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: inv.json().member.email, password: inv.json().temporaryPassword } })
    const set = await gw.app.inject({ method: 'POST', url: '/api/v1/auth/password', headers: { authorization: `Bearer ${login.json().accessToken}` }, payload: { newPassword: 'agen-rahasia-123' } })
    const agentId = set.json().user.id as string
    const agent = await connectEvents(gw.url, set.json().accessToken)
    await watcher.waitForEvent('presence.changed', (d) => d.userId === agentId && d.online === true)
    agent.close()
    await watcher.waitForEvent('presence.changed', (d) => d.userId === agentId && d.online === false)
    watcher.close()
  })
})
