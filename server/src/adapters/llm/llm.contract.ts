// The behaviour every LlmPort implementation must show. Run against the offline classifier
// (offline/offline-llm.contract.test.ts), the fake (fake/fake-llm.contract.test.ts) and the
// OpenAI adapter talking to the OpenAI-compatible test server (openai/openai-llm.contract.test.ts).
import { describe, expect, it } from 'vitest'
import { MODES, type BusinessProfile, type Classification, type LlmPort } from './llm.port.js'

export const CONTRACT_PROFILE: BusinessProfile = {
  businessName: 'Kopi Senja',
  about: 'Kedai kopi kecil di Bandung.',
  menu: 'Es Kopi Susu\nAmericano\nRoti Bakar Coklat',
  hours: 'Senin–Sabtu 08.00–21.00',
  address: 'Jl. Braga No. 10, Bandung',
  faq: 'Bisa bayar pakai QRIS, transfer BCA, atau tunai.\nPengiriman lewat GoSend untuk area Bandung.',
  priceList: [
    { name: 'Es Kopi Susu', price: 18000 },
    { name: 'Americano', price: 15000 },
    { name: 'Roti Bakar Coklat', price: 20000, unit: 'porsi' },
  ],
}

export interface LlmContractOptions {
  /** Builds the port under test; called once per test. */
  create: () => Promise<LlmPort> | LlmPort
  /** Called after each test (close servers). */
  dispose?: () => Promise<void> | void
}

function expectValidClassification(c: Classification, source: LlmPort['source']): void {
  expect(MODES).toContain(c.mode)
  expect(c.intent).toMatch(/^[a-z][a-z0-9_]*$/)
  for (const tag of c.tags) expect(tag).toMatch(/^[a-z][a-z0-9_]*$/)
  expect(new Set(c.tags).size).toBe(c.tags.length)
  expect(['positive', 'neutral', 'negative']).toContain(c.sentiment)
  expect(c.confidence).toBeGreaterThanOrEqual(0)
  expect(c.confidence).toBeLessThanOrEqual(1)
  expect(c.summary.trim().length).toBeGreaterThan(0)
  expect(c.summary).not.toContain('\n')
  expect(typeof c.needsFollowUp).toBe('boolean')
  expect(['id', 'en']).toContain(c.language)
  expect(c.classifier).toBe(source)
}

export function llmContract(name: string, options: LlmContractOptions): void {
  describe(`${name} honours the LlmPort contract`, () => {
    const withPort = (fn: (port: LlmPort) => Promise<void>) => async () => {
      const port = await options.create()
      try {
        await fn(port)
      } finally {
        await options.dispose?.()
      }
    }
    const classify = (port: LlmPort, text: string) => port.classify({ text, history: [], profile: CONTRACT_PROFILE })

    it('classifies an Indonesian price question as a valid faq classification in Indonesian', withPort(async (port) => {
      const c = await classify(port, 'Kak, harga es kopi susu berapa ya?')
      expectValidClassification(c, port.source)
      expect(c.mode).toBe('faq')
      expect(c.language).toBe('id')
    }))

    it('classifies an Indonesian order as an order with the order_intent tag', withPort(async (port) => {
      const c = await classify(port, 'Mau pesan 2 es kopi susu ya kak, diantar ke Jl. Merdeka 5')
      expectValidClassification(c, port.source)
      expect(c.mode).toBe('order')
      expect(c.tags).toContain('order_intent')
    }))

    it('classifies an English complaint as a negative complaint in English', withPort(async (port) => {
      const c = await classify(port, 'My order arrived late and the cup was broken')
      expectValidClassification(c, port.source)
      expect(c.mode).toBe('complaint')
      expect(c.tags).toContain('complaint')
      expect(c.sentiment).toBe('negative')
      expect(c.language).toBe('en')
    }))

    it('classifies a bare greeting as other', withPort(async (port) => {
      const c = await classify(port, 'Halo kak')
      expectValidClassification(c, port.source)
      expect(c.mode).toBe('other')
    }))

    it('replies with non-empty text in the requested language', withPort(async (port) => {
      const text = 'Kak, harga es kopi susu berapa ya?'
      const classification = await classify(port, text)
      const en = await port.reply({ text, history: [], profile: CONTRACT_PROFILE, classification, tone: 'friendly', replyLanguage: 'en' })
      expect(en.text.trim().length).toBeGreaterThan(0)
      expect(en.language).toBe('en')
      expect(en.source).toBe(port.source)
      const auto = await port.reply({ text, history: [], profile: CONTRACT_PROFILE, classification, tone: 'formal', replyLanguage: 'auto' })
      expect(auto.language).toBe(classification.language)
      expect(auto.text.trim().length).toBeGreaterThan(0)
    }))

    it('hands a complaint to a human with a holding message', withPort(async (port) => {
      const text = 'Kopinya basi dan pesanan saya telat 2 jam, kecewa'
      const classification = await classify(port, text)
      expect(classification.mode).toBe('complaint')
      const reply = await port.reply({ text, history: [], profile: CONTRACT_PROFILE, classification, tone: 'friendly', replyLanguage: 'auto' })
      expect(reply.handoff).toBe(true)
      expect(reply.text.trim().length).toBeGreaterThan(0)
    }))

    it('writes a non-empty follow-up that names the product of interest', withPort(async (port) => {
      const text = await port.followUpText({
        profile: CONTRACT_PROFILE,
        history: [{ from: 'customer', text: 'Es kopi susu ready kak?' }, { from: 'business', text: 'Ready kak, Rp 18.000' }],
        tone: 'friendly',
        replyLanguage: 'id',
        productInterest: 'Es Kopi Susu',
        attempt: 1,
      })
      expect(text.trim().length).toBeGreaterThan(0)
      expect(text).toContain('Es Kopi Susu')
    }))
  })
}
