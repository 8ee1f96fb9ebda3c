// An in-memory LlmPort for tests of the code above the port (inbox pipeline, follow-ups): a few
// obvious keywords decide the mode, answers can be scripted per message text, every call is
// recorded, and the next call can be made to fail.
import type { Classification, ClassifyInput, FollowUpInput, Language, LlmPort, Mode, Reply, ReplyInput } from '../llm.port.js'

const COMPLAINT = /\b(rusak|belum sampai|telat|kecewa|refund|basi|broken|late|damaged|wrong|salah|disappointed)\b/i
const ORDER = /\b(pesan|order|beli|ambil|checkout|transfer ke|buy|i'll take)\b/i
const FAQ = /\?|\b(berapa|harga|jam|buka|ready|how much|price|open|where)\b/i
const ENGLISH = /\b(the|is|are|you|my|i|please|what|how|where|do|does|it)\b/i

export interface FakeLlmCall {
  method: 'classify' | 'reply' | 'followUpText'
  input: ClassifyInput | ReplyInput | FollowUpInput
}

export class FakeLlm implements LlmPort {
  readonly source = 'offline' as const
  readonly calls: FakeLlmCall[] = []
  private readonly scripted = new Map<string, Partial<Classification>>()
  private failure: Error | null = null

  /** Classifying exactly `text` returns these fields over the keyword defaults. */
  script(text: string, classification: Partial<Classification>): this {
    this.scripted.set(text, classification)
    return this
  }

  /** The next call (any method) rejects with `error`. */
  failNext(error: Error): this {
    this.failure = error
    return this
  }

  async classify(input: ClassifyInput): Promise<Classification> {
    this.record('classify', input)
    const mode: Mode = COMPLAINT.test(input.text) ? 'complaint' : ORDER.test(input.text) ? 'order' : FAQ.test(input.text) ? 'faq' : 'other'
    const language: Language = input.language ?? (ENGLISH.test(input.text) ? 'en' : 'id')
    const tags = mode === 'complaint' ? ['complaint', 'needs_follow_up'] : mode === 'order' ? ['order_intent', 'hot_lead'] : mode === 'faq' ? ['price_inquiry'] : []
    const base: Classification = {
      mode,
      intent: { faq: 'ask_question', order: 'place_order', complaint: 'complain_general', other: 'chat' }[mode],
      tags,
      sentiment: mode === 'complaint' ? 'negative' : 'neutral',
      productInterest: input.profile.priceList.find((p) => input.text.toLowerCase().includes(p.name.toLowerCase()))?.name ?? null,
      summary: `${mode}: ${input.text.slice(0, 60).replace(/\s+/g, ' ')}`,
      needsFollowUp: mode === 'complaint',
      confidence: 0.9,
      language,
      classifier: 'offline',
    }
    return { ...base, ...this.scripted.get(input.text) }
  }

  async reply(input: ReplyInput): Promise<Reply> {
    this.record('reply', input)
    const language = input.replyLanguage === 'auto' ? input.classification.language : input.replyLanguage
    const handoff = input.classification.mode === 'complaint'
    const text = language === 'id'
      ? (handoff ? 'Mohon maaf kak, admin segera bantu ya.' : `Baik kak, terima kasih sudah menghubungi ${input.profile.businessName}.`)
      : (handoff ? 'We are sorry, someone will help you shortly.' : `Thanks for contacting ${input.profile.businessName}.`)
    return { text, source: 'offline', handoff, language }
  }

  async followUpText(input: FollowUpInput): Promise<string> {
    this.record('followUpText', input)
    const thing = input.productInterest ?? (input.replyLanguage === 'en' ? 'our products' : 'produk kami')
    return input.replyLanguage === 'en' ? `Hi! Still interested in ${thing}?` : `Halo kak, masih tertarik dengan ${thing}?`
  }

  private record(method: FakeLlmCall['method'], input: FakeLlmCall['input']): void {
    this.calls.push({ method, input })
    const failure = this.failure
    if (failure) {
      this.failure = null
      throw failure
    }
  }
}
