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

/** Where a piece of the knowledge base came from; the chat shows it under an AI reply ("dari: menu.pdf, hal. 2"). */
export interface KnowledgeSource {
  documentId: string
  fileName: string
  /** "hal. 2", "Menu, baris 3–9"; null for a document without pages. */
  location: string | null
}

/** A piece of the shop's own documents retrieved for a message: context an answer may use. */
export interface KnowledgeSnippet {
  text: string
  source: KnowledgeSource
  /** Price rows found in `text` (name + price), so a price only a document names can be answered. */
  priceRows: PriceListItem[]
}

/**
 * One piece of the shop's own knowledge a reply may use and cite: a price-list row, an FAQ entry,
 * the hours, the address, or a knowledge-base piece. `id` is stable within one reply call.
 */
export interface ContextChunk {
  id: string
  /** Where it comes from, shown to the owner: "Daftar harga", "FAQ", "menu.pdf, hal. 2". */
  label: string
  text: string
  /** For a piece of an uploaded document: which one, so the owner can find it. */
  document?: KnowledgeSource
}

/**
 * A chunk the reply relied on, as the chat shows it to the owner ("dari: <label>"). A piece of an
 * uploaded document also names the document (`documentId`, `fileName`, `location`).
 */
export interface ReplySource extends Partial<KnowledgeSource> {
  id: string
  label: string
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
  /** The knowledge base's best pieces for this message, best first (absent or empty: none). */
  knowledge?: KnowledgeSnippet[]
  /** Extra knowledge beyond the profile and the knowledge base, cited like profile chunks. */
  context?: ContextChunk[]
}

/** One question of the customer's message and what the reply says to it. */
export interface ReplyQuestion {
  /** The question as the customer asked it. */
  question: string
  /** The answer, or null when it is handed to a person (the reply then says so explicitly). */
  answer: string | null
}

export interface Reply {
  /**
   * Always non-empty. Answers every question of the message; a question it cannot answer is named
   * and handed to a person. When `handoff` is true it is (or includes) a holding message.
   */
  text: string
  source: LlmSource
  /** True: at least one question needs a person (the chat is handed over and waits for them). */
  handoff: boolean
  /** The language `text` is written in. */
  language: Language
  /** Each question of the message and its answer (null = handed over), when the writer knows them. */
  questions?: ReplyQuestion[]
  /** The context chunks the reply used (their ids and labels), when the writer knows them. */
  sources?: ReplySource[]
  /** Set when the built-in engine stood in for the tenant's AI: why (`llm.timeout`, `llm.ungrounded`…). */
  fallbackReason?: string
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
