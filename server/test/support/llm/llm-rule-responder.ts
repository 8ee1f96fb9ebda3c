// A rule-based "model" for the OpenAI-compatible test server: it reads the request the OpenAI
// adapter sent (system prompt, history, last user message, schema name) and answers the way a
// sensible model would, using the offline classifier. Lets the adapter pass the same contract
// suite as the other implementations, over real HTTP.
import type { ChatTurn, Language } from '../../../src/adapters/llm/llm.port.js'
import { classifyOffline } from '../../../src/adapters/llm/offline/classify.js'
import { offlineFollowUp, offlineReply } from '../../../src/adapters/llm/offline/reply.js'
import { EVAL_PROFILE } from '../../../bench/classifier-eval.js'
import type { Responder } from './openai-compatible-server.js'

interface Message {
  role: string
  content: string
}

function split(messages: Message[]): { system: string; history: ChatTurn[]; last: string } {
  const system = messages.find((m) => m.role === 'system')?.content ?? ''
  const turns = messages.filter((m) => m.role !== 'system')
  // The reply prompt wraps the customer's words in <<< >>> (data, not instructions); a model reads them as the message.
  const raw = turns[turns.length - 1]?.content ?? ''
  const last = raw.match(/<<<\n([\s\S]*)\n>>>$/)?.[1] ?? raw
  const history = turns.slice(0, -1).map((m): ChatTurn => ({ from: m.role === 'user' ? 'customer' : 'business', text: m.content }))
  return { system, history, last }
}

function requestedLanguage(system: string): Language | undefined {
  if (/Reply in English\./.test(system)) return 'en'
  if (/Reply in Bahasa Indonesia\./.test(system)) return 'id'
  return undefined
}

export const llmRuleResponder: Responder = (request) => {
  const { system, history, last } = split((request.body?.messages ?? []) as Message[])
  const format = request.body?.response_format
  const schemaName = format?.type === 'json_schema' ? String(format.json_schema?.name) : null
  const c = classifyOffline({ text: last, history, profile: EVAL_PROFILE })
  if (schemaName === 'classification') {
    return {
      json: {
        mode: c.mode,
        intent: c.intent,
        tags: c.tags,
        sentiment: c.sentiment,
        product_interest: c.productInterest,
        summary: c.summary,
        needs_follow_up: c.needsFollowUp,
        confidence: c.confidence,
        language: c.language,
      },
    }
  }
  const language = requestedLanguage(system) ?? c.language
  if (schemaName === 'reply') {
    const reply = offlineReply({ text: last, history, profile: EVAL_PROFILE, classification: c, tone: 'friendly', replyLanguage: language })
    return { json: { questions: reply.questions ?? [{ question: last, answer: reply.handoff ? null : reply.text }], reply: reply.text, handoff: reply.handoff, sources: [] } }
  }
  const product = system.match(/They were interested in: (.+)\./)?.[1] ?? null
  return { content: offlineFollowUp({ profile: EVAL_PROFILE, history, tone: 'friendly', replyLanguage: language, productInterest: product, attempt: 1 }) }
}
