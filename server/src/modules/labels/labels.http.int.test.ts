// The shop's own labels over HTTP: owners and admins manage them, agents put them on chats (the
// inbox list filters by them and live updates carry them), tenants never mix, bad input is a 4xx.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { WartaEvent } from '../realtime/realtime.bus.js'
import { customerMessage, registerOwner, startPipeline, waitFor, type PipelineHarness } from '../../../test/pipeline-harness.js'

let h: PipelineHarness
type Who = { auth: Record<string, string> }
let owner: Who & { tenantId: string }
let agent: Who
let viewer: Who
let stranger: Who & { tenantId: string }
let events: WartaEvent[]
const conv: Record<string, string> = {}
const label: Record<string, string> = {}

const call = (who: Who, method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE', url: string, payload?: object) =>
  h.app.inject({ method, url: `/api/v1${url}`, headers: who.auth, ...(payload ? { payload } : {}) })

beforeAll(async () => {
  h = await startPipeline()
  owner = await registerOwner(h.app)
  stranger = await registerOwner(h.app)
  agent = await h.member(owner, 'agent')
  viewer = await h.member(owner, 'viewer')
  events = await h.record(owner.tenantId)
  await h.pipeline.inbox.ingest(owner.tenantId, [customerMessage({ phone: '628660000001', pushName: 'Dewi', text: 'Sudah transfer ya kak' })], 'live')
  await h.pipeline.inbox.ingest(owner.tenantId, [customerMessage({ phone: '628660000002', pushName: 'Eko', text: 'Pesanan saya kapan dikirim?' })], 'live')
  await h.pipeline.inbox.ingest(stranger.tenantId, [customerMessage({ phone: '628660000003', pushName: 'Fajar', text: 'Halo' })], 'live')
  for (const who of [owner, stranger]) {
    for (const c of (await call(who, 'GET', '/conversations')).json().items) conv[c.contact.name] = c.id
  }
})
afterAll(async () => { await h?.close() })

describe('labels', () => {
  it('lets owners create labels with a colour, and every role list them by name', async () => {
    for (const [name, colour] of [['Lunas', 'green'], ['Belum bayar', 'amber'], ['Dikirim', 'blue']] as const) {
      const res = await call(owner, 'POST', '/labels', { name, colour })
      expect(res.statusCode).toBe(201)
      expect(res.json()).toMatchObject({ name, colour })
      label[name] = res.json().id
    }
    for (const who of [agent, viewer]) {
      expect((await call(who, 'GET', '/labels')).json().items.map((l: { name: string }) => l.name)).toEqual(['Belum bayar', 'Dikirim', 'Lunas'])
    }
    await waitFor(() => events.some((e) => e.type === 'labels.changed'), 5_000, 'labels.changed')
  })

  it('refuses a second label with the same name in any case (409), and agents who try to manage labels (403)', async () => {
    const dup = await call(owner, 'POST', '/labels', { name: 'LUNAS', colour: 'red' })
    expect(dup.statusCode).toBe(409)
    expect(dup.json().error.code).toBe('labels.name_taken')
    expect((await call(owner, 'PATCH', `/labels/${label.Dikirim}`, { name: 'lunas' })).json().error.code).toBe('labels.name_taken')
    expect((await call(agent, 'POST', '/labels', { name: 'X', colour: 'red' })).statusCode).toBe(403)
    expect((await call(agent, 'DELETE', `/labels/${label.Lunas}`)).statusCode).toBe(403)
  })

  it('answers bad input with 400, never a 500', async () => {
    for (const body of [{ name: '', colour: 'red' }, { name: 'x'.repeat(31), colour: 'red' }, { name: 'Ok', colour: 'rainbow' }, { name: 'Ok' }, { name: 'Ok', colour: 'red', x: 1 }]) {
      const res = await call(owner, 'POST', '/labels', body)
      expect(res.statusCode, JSON.stringify(body)).toBe(400)
      expect(res.json().error.code).toBe('validation.failed')
    }
    expect((await call(owner, 'PUT', `/conversations/${conv.Dewi}/labels`, { labelIds: ['nope'] })).json().error.code).toBe('validation.failed')
    expect((await call(owner, 'GET', '/conversations?label=nope')).json().error.code).toBe('validation.failed')
  })

  it('lets an agent label a chat: the summary, the live update and the list filter all carry it', async () => {
    const res = await call(agent, 'PUT', `/conversations/${conv.Dewi}/labels`, { labelIds: [label.Lunas, label.Dikirim, label.Lunas] })
    expect(res.statusCode).toBe(200)
    expect(res.json().labelIds).toEqual([label.Lunas, label.Dikirim])
    await waitFor(() => events.some((e) => e.type === 'conversation.updated' && (e.data as { id: string; labelIds: string[] }).id === conv.Dewi
      && (e.data as { labelIds: string[] }).labelIds.includes(label.Lunas!)), 5_000, 'conversation.updated with the label')
    expect((await call(viewer, 'GET', `/conversations/${conv.Dewi}`)).json().labelIds).toEqual([label.Lunas, label.Dikirim])
    const filtered = (await call(viewer, 'GET', `/conversations?label=${label.Lunas}`)).json().items.map((c: { id: string }) => c.id)
    expect(filtered).toEqual([conv.Dewi])
    expect((await call(viewer, 'GET', `/conversations?label=${label['Belum bayar']}`)).json().items).toEqual([])
  })

  it('keeps viewers from labelling, and refuses labels of another shop or that do not exist', async () => {
    expect((await call(viewer, 'PUT', `/conversations/${conv.Eko}/labels`, { labelIds: [label.Lunas] })).statusCode).toBe(403)
    const foreign = (await call(stranger, 'POST', '/labels', { name: 'Lunas', colour: 'green' })).json().id
    const res = await call(owner, 'PUT', `/conversations/${conv.Eko}/labels`, { labelIds: [label.Lunas, foreign] })
    expect(res.statusCode).toBe(400)
    expect(res.json().error.code).toBe('labels.unknown_label')
    expect((await call(owner, 'GET', `/conversations/${conv.Eko}`)).json().labelIds).toEqual([])
    // Another shop's conversation is not found, even with that shop's own label.
    const cross = await call(owner, 'PUT', `/conversations/${conv.Fajar}/labels`, { labelIds: [] })
    expect(cross.statusCode).toBe(404)
    expect(cross.json().error.code).toBe('inbox.conversation_not_found')
    expect((await call(stranger, 'PATCH', `/labels/${label.Lunas}`, { colour: 'red' })).json().error.code).toBe('labels.not_found')
  })

  it('renames and recolours a label', async () => {
    const res = await call(owner, 'PATCH', `/labels/${label['Belum bayar']}`, { name: 'Belum lunas', colour: 'red' })
    expect(res.json()).toMatchObject({ name: 'Belum lunas', colour: 'red' })
  })

  it('takes a deleted label off every chat', async () => {
    expect((await call(owner, 'DELETE', `/labels/${label.Lunas}`)).statusCode).toBe(204)
    expect((await call(owner, 'DELETE', `/labels/${label.Lunas}`)).json().error.code).toBe('labels.not_found')
    expect((await call(viewer, 'GET', `/conversations/${conv.Dewi}`)).json().labelIds).toEqual([label.Dikirim])
    expect((await call(viewer, 'GET', '/labels')).json().items.map((l: { name: string }) => l.name)).toEqual(['Belum lunas', 'Dikirim'])
  })
})
