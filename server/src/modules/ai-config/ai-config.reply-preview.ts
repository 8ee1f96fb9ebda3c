// "What would the AI answer?" — onboarding asks the owner whether the AI may answer customers and
// shows this first. It runs the worker's reply engine (the tenant's LlmPort, with the built-in
// writer standing in when the model fails) on a sample question, with the stored profile, and
// says what the worker would do with it were auto-reply on: answer, or leave it to a person (and
// why). Nothing is stored or sent.
import type { Classification, ReplyLanguage, ReplySource, Tone } from '../../adapters/llm/llm.port.js'
import { decideNextReply } from './ai-config.next-reply.js'
import { replyWithKnowledge, type KnowledgeFinder } from '../../adapters/llm/knowledge-context.js'
import type { AiConfigService } from './ai-config.service.js'

/**
 * The worker's own decision (decideNextReply) for one message of a fresh chat, assuming the owner
 * says yes to auto-reply: `ai_answers`, or why a person gets it instead.
 */
export type PreviewOutcome = 'ai_answers' | 'handed_over' | 'mode_not_enabled' | 'complaint_to_person'

export interface ReplyPreview {
  classification: Pick<Classification, 'mode' | 'intent' | 'tags' | 'classifier'> & { fallbackReason?: string }
  outcome: PreviewOutcome
  /**
   * What the AI would send (or, when handed over, the holding text it drafted); null when it writes
   * nothing. `sources`: the shop information it cited; `fallbackReason`: why the built-in engine
   * wrote it instead of the tenant's model (e.g. `llm.ungrounded`, `llm.cap_reached`).
   */
  reply: { text: string; handoff: boolean; sources: ReplySource[]; fallbackReason?: string } | null
}

export async function previewReply(
  aiConfig: Pick<AiConfigService, 'get' | 'profileOf' | 'llmFor'>,
  tenantId: string,
  input: { text: string; tone?: Tone | undefined; replyLanguage?: ReplyLanguage | undefined },
  /** The tenant's knowledge base, as the worker searches it. */
  find?: KnowledgeFinder,
): Promise<ReplyPreview> {
  const config = await aiConfig.get(tenantId)
  const profile = aiConfig.profileOf(config)
  const llm = aiConfig.llmFor(config)
  const { classification: c, fallbackReason } = await llm.classifyOrFallback({ text: input.text, history: [], profile })
  const classification = { mode: c.mode, intent: c.intent, tags: c.tags, classifier: c.classifier, ...(fallbackReason ? { fallbackReason } : {}) }
  const next = decideNextReply(
    { autoReply: true, enabledModes: config.enabledModes, replyToComplaints: config.replyToComplaints },
    { aiEnabled: true, humanTakeover: false, handedOver: false, mode: c.mode },
  )
  if (next.reason === 'complaint_handover') return { classification, outcome: 'complaint_to_person', reply: null }
  if (next.outcome !== 'ai_answers') return { classification, outcome: 'mode_not_enabled', reply: null }
  const replyInput = {
    text: input.text, history: [], profile, classification: c,
    tone: input.tone ?? config.tone, replyLanguage: input.replyLanguage ?? config.replyLanguage,
  }
  const reply = await replyWithKnowledge(llm, replyInput, find)
  const handedOver = reply.handoff && !(c.mode === 'complaint' && config.replyToComplaints)
  return { classification, outcome: handedOver ? 'handed_over' : 'ai_answers', reply: {
    text: reply.text, handoff: reply.handoff, sources: reply.sources ?? [],
    ...(reply.fallbackReason ? { fallbackReason: reply.fallbackReason } : {}),
  } }
}
