// The knowledge base as both engines see it. Retrieved pieces of the shop's documents arrive with
// a reply's input (`ReplyInput.knowledge`); the built-in engine reads their price rows as price
// list entries and their other lines as FAQ lines, the model reads them as a block of its prompt,
// and either way the reply is credited to the documents whose words it repeats.
import type { BusinessProfile, ContextChunk, KnowledgeSnippet, KnowledgeSource, LlmPort, Reply, ReplyInput, ReplySource } from './llm.port.js'

const MARKER = /^===.*===$/

/**
 * The profile with what the snippets add: price rows for names the price list lacks (the owner's
 * own list wins a disagreement), and the snippets' other lines after the FAQ.
 */
export function profileWithKnowledge(profile: BusinessProfile, knowledge: readonly KnowledgeSnippet[] | undefined): BusinessProfile {
  if (!knowledge?.length) return profile
  const known = new Set(profile.priceList.map((p) => p.name.toLowerCase()))
  const extraPrices = knowledge.flatMap((k) => k.priceRows).filter((p) => !known.has(p.name.toLowerCase()) && known.add(p.name.toLowerCase()))
  const rowNames = new Set(knowledge.flatMap((k) => k.priceRows.map((p) => p.name.toLowerCase())))
  const lines = knowledge.flatMap((k) => k.text.split('\n').map((l) => l.trim()))
    .filter((l) => l.length >= 12 && !MARKER.test(l) && !l.includes(' | ') && ![...rowNames].some((n) => l.toLowerCase().startsWith(n)))
  return {
    ...profile,
    priceList: [...profile.priceList, ...extraPrices],
    faq: lines.length ? [profile.faq, ...lines].filter(Boolean).join('\n') : profile.faq,
  }
}

const fold = (s: string) => s.toLowerCase().normalize('NFKD').replace(/\p{M}/gu, '').replace(/\s+/g, ' ')

const where = (s: KnowledgeSource) => (s.location ? `${s.fileName}, ${s.location}` : s.fileName)

/** The snippets as context chunks a model cites by id (`kb.1`, `kb.2`…), each naming its document. */
export function knowledgeChunks(knowledge: readonly KnowledgeSnippet[] | undefined): ContextChunk[] {
  return (knowledge ?? []).map((k, i) => ({ id: `kb.${i + 1}`, label: where(k.source), text: k.text, document: k.source }))
}

/**
 * The documents a reply used: a snippet counts when the reply names one of its price rows, or
 * repeats one of its lines. One entry per document and place, best snippet first.
 */
export function citedSources(replyText: string, knowledge: readonly KnowledgeSnippet[] | undefined): ReplySource[] {
  if (!knowledge?.length) return []
  const said = fold(replyText)
  const out: ReplySource[] = []
  knowledge.forEach((k, i) => {
    const byRow = k.priceRows.some((p) => said.includes(fold(p.name)))
    const byLine = k.text.split('\n').map((l) => fold(l.trim())).some((l) => l.length >= 12 && !MARKER.test(l) && said.includes(l))
    if (!byRow && !byLine) return
    if (!out.some((s) => s.documentId === k.source.documentId && s.location === k.source.location)) out.push({ id: `kb.${i + 1}`, label: where(k.source), ...k.source })
  })
  return out
}

/** Pieces of the shop's documents given with each reply: enough for a menu page, small enough for a prompt. */
export const KNOWLEDGE_PIECES = 4

/** Finds the knowledge base's best pieces for a message (the knowledge module's search, narrowed). */
export type KnowledgeFinder = (query: string) => Promise<KnowledgeSnippet[]>

/**
 * A reply written with the shop's documents: the pieces found for the message (and the product it
 * is about) go to the engine, and the reply says which documents it used — as the engine credits
 * them, or else by the words of the reply (a model that answers from them without saying so).
 * The worker and the owner's preview both answer through this, so the preview tells the truth.
 */
export async function replyWithKnowledge(llm: Pick<LlmPort, 'reply'>, input: ReplyInput, find?: KnowledgeFinder): Promise<Reply> {
  const query = [input.text, input.classification.productInterest].filter(Boolean).join(' ')
  const knowledge = find ? await find(query) : []
  const reply = await llm.reply({ ...input, knowledge })
  // What the engine cited, plus the documents whose words the reply repeats without citing them.
  const cited = reply.sources ?? []
  const seen = (s: ReplySource) => cited.some((c) => c.documentId === s.documentId && c.location === s.location)
  const sources = [...cited, ...citedSources(reply.text, knowledge).filter((s) => !seen(s))]
  return sources.length ? { ...reply, sources } : reply
}
