// The product's view of the AI layer, in domain terms: classify an inbound customer message,
// draft a reply, and write a follow-up nudge. Only adapters/llm/openai knows about the OpenAI
// SDK; the built-in offline classifier (adapters/llm/offline) implements the same port so the
// inbox works for tenants without an API key.

/** What a customer message is about, at the coarsest level the inbox filters on. */
export const MODES = ['faq', 'order', 'complaint', 'other'] as const
export type Mode = (typeof MODES)[number]

/**
 * Tags the product knows how to show and filter on. Implementations may add free extra tags
 * (always snake_case); the UI shows unknown ones verbatim.
 */
export const KNOWN_TAGS = [
  'hot_lead',
  'complaint',
  'price_inquiry',
  'order_intent',
  'needs_follow_up',
  'availability',
  'delivery',
  'payment',
  'greeting',
  'thanks',
  'reservation',
  'refund_request',
  'spam',
] as const
export type KnownTag = (typeof KNOWN_TAGS)[number]

export type Sentiment = 'positive' | 'neutral' | 'negative'
export type Language = 'id' | 'en'
export type Tone = 'friendly' | 'casual' | 'formal'
/** `auto` answers in the language the customer wrote in. */
export type ReplyLanguage = Language | 'auto'
/** Which implementation produced a result; the UI shows it next to every tag. */
export type LlmSource = 'offline' | 'openai'

export interface PriceListItem {
  /** As the owner writes it, e.g. "Es Kopi Susu". */
  name: string
  /** Whole Rupiah. */
  price: number
  /** Optional unit shown after the price, e.g. "porsi", "kg", "pcs". */
  unit?: string
}

/** The shop as the owner described it in "Profil usaha"; replies are grounded on it. */
export interface BusinessProfile {
  businessName: string
  /** One paragraph about the shop. */
  about: string
  /** Free text, one item per line; may repeat the price list. */
  menu: string
  /** Free text, e.g. "Senin–Sabtu 08.00–21.00, Minggu tutup". */
  hours: string
  address: string
  /** Free text of questions and answers (payment methods, delivery area, halal…). */
  faq: string
  priceList: PriceListItem[]
}

/** One earlier message of the same chat, oldest first. */
export interface ChatTurn {
  from: 'customer' | 'business'
  text: string
  at?: Date
}

export interface ClassifyInput {
  /** The customer message to classify. */
  text: string
  /** The conversation before `text`, oldest first (the caller trims it to the last few turns). */
  history: ChatTurn[]
  profile: BusinessProfile
  /** A hint when the caller already knows the language; otherwise it is detected. */
  language?: Language
}

export interface Classification {
  mode: Mode
  /** Short snake_case verb phrase, e.g. `ask_price`, `ask_hours`, `place_order`, `complain_late_delivery`. */
  intent: string
  /** Known tags first, then extra snake_case tags; no duplicates. */
  tags: string[]
  sentiment: Sentiment
  /** The product the customer is interested in (a price-list name when it matched), or null. */
  productInterest: string | null
  /** One line, in `language`, written for the owner. */
  summary: string
  /** True when a human (or a scheduled nudge) should come back to this customer. */
  needsFollowUp: boolean
  /** 0..1, how sure the classifier is of `mode`. */
  confidence: number
  /** The language the customer wrote in. */
  language: Language
  classifier: LlmSource
  /** The model name when `classifier` is `openai`. */
  model?: string
}

export interface ReplyInput {
  /** The customer message to answer. */
  text: string
  history: ChatTurn[]
  profile: BusinessProfile
  /** The classification of `text` (from any implementation). */
  classification: Classification
  tone: Tone
  replyLanguage: ReplyLanguage
}

export interface Reply {
  /** Always non-empty; when `handoff` is true it is a holding message the caller may send. */
  text: string
  source: LlmSource
  /** True: do not auto-answer, hand the chat to a human. */
  handoff: boolean
  /** The language `text` is written in. */
  language: Language
}

export interface FollowUpInput {
  profile: BusinessProfile
  history: ChatTurn[]
  tone: Tone
  replyLanguage: ReplyLanguage
  /** What the customer asked about, if known. */
  productInterest: string | null
  /** 1 for the first nudge, 2 for the second… later nudges are softer. */
  attempt: number
}

export interface LlmPort {
  /** Which implementation this is (shown next to tags). */
  readonly source: LlmSource
  classify(input: ClassifyInput): Promise<Classification>
  reply(input: ReplyInput): Promise<Reply>
  followUpText(input: FollowUpInput): Promise<string>
}
