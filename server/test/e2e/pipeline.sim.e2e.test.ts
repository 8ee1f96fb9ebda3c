// The message pipeline end to end: simulated customers write to a shop paired through stock
// Baileys; the product stores each message, classifies it (built-in classifier, or a real HTTP
// server speaking the OpenAI API), answers FAQs and orders, and follows up a quiet hot lead —
// but not one that answered. Offline backlog is stored and classified too.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { WaSim, type SimCustomer, type SimPhone } from '../../sim/index.js'
import { OpenAiCompatibleServer } from '../support/llm/openai-compatible-server.js'
import { llmRuleResponder } from '../support/llm/llm-rule-responder.js'
import { connectEvents, type EventsClient } from '../events-client.js'
import { registerOwner, startGateway, waitFor, type GatewayHarness } from '../gateway-harness.js'

process.env.WA_SIM = '1'
let sim: WaSim
let gw: GatewayHarness
beforeAll(async () => {
  sim = await WaSim.start({ deliveryReceiptMs: 100 })
  const { trustSimulatorRoot } = await import('../../sim/index.js')
  trustSimulatorRoot(sim.rootPublicKey)
  gw = await startGateway({ env: { WA_WS_URL: sim.url } })
})
afterAll(async () => { await gw?.close(); await sim?.close() })

const PROFILE = {
  businessName: 'Kopi Senja',
  profile: { about: 'Kedai kopi', menu: 'Es Kopi Susu, Croissant', hours: 'Setiap hari 08.00–21.00', address: 'Jl. Kemang 8', faq: 'Bayar bisa transfer BCA atau QRIS.' },
  priceList: [{ name: 'Es Kopi Susu', price: 22000 }, { name: 'Croissant', price: 25000 }],
  autoReply: true, enabledModes: ['faq', 'order'],
  followUp: { enabled: true, afterHours: 0.0008, maxCount: 1, onlyHotLeads: true }, // ~3 s
  quietHours: { start: '00:00', end: '00:00' }, // never quiet, so the test runs at any hour
}

async function shop(config: Record<string, unknown> = {}) {
  const owner = await registerOwner(gw.app)
  const put = await gw.app.inject({ method: 'PUT', url: '/api/v1/ai-config', headers: owner.auth, payload: { ...PROFILE, ...config } })
  expect(put.statusCode).toBe(200)
  const events = await connectEvents(gw.url, owner.token)
  const { qr } = (await gw.app.inject({ method: 'POST', url: '/api/v1/device/connect', headers: owner.auth })).json()
  const phone = sim.createPhone({ pushName: 'Kopi Senja' })
  await phone.scan(qr.code)
  await events.waitForEvent('session.state', (d) => d.state === 'connected', 20_000)
  const get = (url: string) => gw.app.inject({ method: 'GET', url, headers: owner.auth }).then((r) => r.json())
  return { owner, phone, events, get }
}

async function conversationOf(s: { get: (u: string) => Promise<any> }, customer: SimCustomer) {
  return waitFor(async () => (await s.get(`/api/v1/conversations?q=${customer.pn}`)).items[0], 15_000, 'conversation')
}

describe('message pipeline against the simulator', () => {
  let s: Awaited<ReturnType<typeof shop>>
  beforeAll(async () => { s = await shop() })

  it('stores a customer question, saves its insight live, and the customer gets the AI answer', async () => {
    const customer = sim.createCustomer({ name: 'Rina' })
    await customer.sendText(s.phone, 'Kak, harga es kopi susu berapa ya?')
    const created = await s.events.waitForEvent('message.created', (d) => d.message.body === 'Kak, harga es kopi susu berapa ya?')
    expect(created.conversation.contact.phone).toBe(customer.pn)
    const insight = await s.events.waitForEvent('insight.created', (d) => d.messageId === created.message.id)
    expect(insight.insight).toMatchObject({ mode: 'faq', classifier: 'offline' })
    expect(insight.insight.tags).toContain('price_inquiry')
    const answer = await sim.waitForOutgoing({ to: customer, timeout: 15_000 })
    expect(answer.text).toContain('22.000')
    const conv = await conversationOf(s, customer)
    const thread = await s.get(`/api/v1/conversations/${conv.id}/messages`)
    expect(thread.items.map((m: any) => m.sentBy)).toEqual(['ai', 'customer'])
    expect(thread.items[1].insight.mode).toBe('faq')
    await waitFor(async () => (await s.get(`/api/v1/conversations/${conv.id}/messages`)).items[0].status === 'delivered' || undefined, 15_000, 'delivered tick')
  })

  it('follows up a hot lead that went quiet, and not one that answered', async () => {
    const quiet = sim.createCustomer({ name: 'Agus' })
    const answering = sim.createCustomer({ name: 'Dewi' })
    await quiet.sendText(s.phone, 'Mau pesan 2 es kopi susu ya kak, transfer ke mana?')
    // (A question the profile cannot answer, like "bisa diantar?" here, would leave the shop owing
    // an answer: no nudge then, an alert to the owner instead.)
    await answering.sendText(s.phone, 'Saya mau order 3 croissant ya kak')
    const scheduled = await s.events.waitForEvent('followup.scheduled', () => true, 20_000)
    expect(scheduled.status).toBe('scheduled')
    await waitFor(() => s.events.events.filter((e) => e.type === 'followup.scheduled').length >= 2, 20_000, 'two follow-ups scheduled')
    await answering.sendText(s.phone, 'Oke kak, alamat saya Jl. Melati 12')
    const sent = await s.events.waitForEvent('followup.sent', () => true, 30_000)
    const quietConv = await conversationOf(s, quiet)
    expect(sent.conversationId).toBe(quietConv.id)
    const nudge = await sim.waitForOutgoing({ to: quiet, match: (m) => m.id !== undefined && quiet.received().length >= 2, timeout: 20_000 })
    expect(nudge.text).toBeTruthy()
    const answeringConv = await conversationOf(s, answering)
    const list = await s.get('/api/v1/follow-ups')
    const answeringFollowUps = list.items.filter((f: any) => f.conversationId === answeringConv.id)
    // Its first follow-up was cancelled when the customer answered (a later message may plan a new one).
    expect(answeringFollowUps.some((f: any) => f.status === 'cancelled' && f.attempt === 1)).toBe(true)
    expect(answeringFollowUps.some((f: any) => f.status === 'sent')).toBe(false)
    expect(list.items.find((f: any) => f.conversationId === quietConv.id)?.status).toBe('sent')
  })

  it('stores and classifies messages that arrived while the gateway was offline', async () => {
    const customer = sim.createCustomer({ name: 'Budi' })
    const device = s.phone.devices[0]!
    await gw.roles.manager!.stop() // the gateway goes away; WhatsApp keeps the messages
    await waitFor(() => !device.conn, 10_000, 'device offline')
    await customer.sendText(s.phone, 'Halo kak, hari Minggu buka?', { offline: true })
    await gw.close()
    gw = await startGateway({ config: gw.config })
    const conv = await waitFor(async () => {
      const res = await gw.app.inject({ method: 'GET', url: `/api/v1/conversations?q=${customer.pn}`, headers: s.owner.auth })
      return res.json().items[0]
    }, 20_000, 'backlog conversation')
    await waitFor(async () => {
      const thread = (await gw.app.inject({ method: 'GET', url: `/api/v1/conversations/${conv.id}/messages`, headers: s.owner.auth })).json()
      return thread.items.find((m: any) => m.sentBy === 'customer')?.insight
    }, 20_000, 'backlog insight')
    s.events = await connectEvents(gw.url, s.owner.token)
  })
})

describe('classification with an OpenAI-compatible API', () => {
  it('calls the tenant’s model with a structured-output request and saves its answer as the insight', async () => {
    const ai = await OpenAiCompatibleServer.start({ responder: llmRuleResponder })
    try {
      const s = await shop({ apiKey: 'sk-test-warta-123456', baseUrl: ai.url, model: 'gpt-test', autoReply: false })
      const customer: SimCustomer = sim.createCustomer({ name: 'Sarah' })
      await customer.sendText(s.phone as SimPhone, 'Hi, do you have oat milk?')
      const insight = await s.events.waitForEvent('insight.created', () => true, 20_000)
      expect(insight.insight.classifier).toBe('openai')
      const request = ai.requests.filter((r) => r.path.endsWith('/chat/completions')).at(-1)!
      expect(request.body.model).toBe('gpt-test')
      expect(request.body.response_format.type).toBe('json_schema')
      expect(request.headers.authorization).toBe('Bearer sk-test-warta-123456')
      const config = (await s.get('/api/v1/ai-config'))
      expect(config.hasApiKey).toBe(true)
      expect(JSON.stringify(config)).not.toContain('sk-test-warta')
    } finally {
      await ai.close()
    }
  })
})

export type { EventsClient }
