// LlmPort on any OpenAI-compatible chat-completions server, one instance per tenant. The only
// module that imports the openai SDK. Classification and replies use structured output from zod
// schemas (validated on the way back); the SDK retries 429/5xx/timeouts twice with backoff;
// every failure leaves as an LlmError whose `retryable` tells the caller what to do.
import OpenAI, { APIConnectionError, APIConnectionTimeoutError, APIError, OpenAIError } from 'openai'
import { zodResponseFormat } from 'openai/helpers/zod'
import { ZodError } from 'zod'
import { LlmError } from '../llm.errors.js'
import { ForbiddenAddressError, findNetRefusal } from '../../../shared/net/net.errors.js'
import { toStorableText } from '../../../shared/validation.js'
import type { Classification, ClassifyInput, FollowUpInput, Language, LlmPort, Reply, ReplyInput } from '../llm.port.js'
import { KNOWN_TAGS } from '../llm.port.js'
import { consistentTags } from '../tag-consistency.js'
import { isGrounded, profileChunks, sourcesFrom, ungrounded } from '../grounding.js'
import { knowledgeChunks } from '../knowledge-context.js'
import { classifyMessages, followUpMessages, replyMessages, type ChatMessage } from './prompts.js'
import { ClassificationOutput, ReplyOutput } from './schemas.js'

export interface OpenAiLlmOptions {
  apiKey: string
  /** Any OpenAI-compatible server, e.g. `https://api.openai.com/v1` (the default) or a local gateway. */
  baseUrl?: string
  model: string
  /** Per attempt. */
  timeoutMs: number
  /** Retries after the first attempt on 408/409/429/5xx and network errors. Default 2. */
  maxRetries?: number
  /** How many earlier chat turns go into a prompt. Default 8. */
  historyTurns?: number
  /** The HTTP client; the product passes the guarded one (shared/net/guarded-fetch.ts). */
  fetch?: typeof globalThis.fetch
  /** Hears the tokens of every completion the provider answered (the tenant's monthly usage). */
  onUsage?: (usage: TokenUsage) => Promise<void> | void
}

export interface TokenUsage { promptTokens: number; completionTokens: number }

const KNOWN = new Set<string>(KNOWN_TAGS)

export function toSnakeCase(value: string): string {
  return value
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .slice(0, 48)
}

/** Known tags first, then extra ones in snake_case; no empties or duplicates. */
export function normaliseTags(tags: readonly string[]): string[] {
  const cleaned = [...new Set(tags.map(toSnakeCase).filter(Boolean))]
  return [...cleaned.filter((t) => KNOWN.has(t)), ...cleaned.filter((t) => !KNOWN.has(t))]
}

export function toLlmError(err: unknown): LlmError {
  if (err instanceof LlmError) return err
  // The SDK wraps what fetch threw; a refused address was never sent, and retrying will not help.
  const refusal = findNetRefusal(err)
  if (refusal instanceof ForbiddenAddressError) return new LlmError('net.forbidden_address', refusal.message)
  if (refusal) return new LlmError('llm.unavailable', refusal.message)
  if (err instanceof APIConnectionTimeoutError) return new LlmError('llm.timeout', 'The AI model did not answer in time')
  if (err instanceof APIConnectionError) return new LlmError('llm.unavailable', 'The AI server could not be reached')
  if (err instanceof APIError) {
    const status = err.status
    if (status === 429) return new LlmError('llm.rate_limited', 'The AI provider is rate limiting this key', status)
    if (status === 401 || status === 403) return new LlmError('llm.unauthorized', 'The AI API key was rejected', status)
    if (status === 408) return new LlmError('llm.timeout', 'The AI provider timed out', status)
    if (status !== undefined && status >= 500) return new LlmError('llm.unavailable', 'The AI provider had an error', status)
    return new LlmError('llm.bad_request', `The AI provider refused the request: ${err.message}`, status)
  }
  // The SDK's finish-reason errors (length, content filter) are plain OpenAIErrors; so are parse failures.
  if (err instanceof OpenAIError || err instanceof ZodError || err instanceof SyntaxError) {
    return new LlmError('llm.invalid_output', 'The AI model returned an answer that does not fit the expected shape')
  }
  return new LlmError('llm.unavailable', `Unexpected AI error: ${(err as Error)?.message ?? String(err)}`)
}

export class OpenAiLlm implements LlmPort {
  readonly source = 'openai' as const
  readonly model: string
  private readonly client: OpenAI
  private readonly historyTurns: number
  private readonly onUsage: OpenAiLlmOptions['onUsage']

  constructor(options: OpenAiLlmOptions) {
    this.model = options.model
    this.historyTurns = options.historyTurns ?? 8
    this.onUsage = options.onUsage
    this.client = new OpenAI({
      apiKey: options.apiKey,
      ...(options.baseUrl ? { baseURL: options.baseUrl } : {}),
      timeout: options.timeoutMs,
      maxRetries: options.maxRetries ?? 2,
      ...(options.fetch ? { fetch: options.fetch } : {}),
    })
  }

  async classify(input: ClassifyInput): Promise<Classification> {
    const out = await this.structured(classifyMessages(input.profile, input.history, input.text, this.historyTurns), ClassificationOutput, 'classification', 0)
    const intent = toSnakeCase(out.intent) || 'unclear'
    // The model's tags pass the same consistency step as the built-in classifier's.
    const tags = consistentTags({ mode: out.mode, intent, tags: normaliseTags(out.tags), needsFollowUp: out.needs_follow_up }, input.text)
    return {
      mode: out.mode,
      intent,
      tags,
      sentiment: out.sentiment,
      productInterest: out.product_interest?.trim() || null,
      summary: out.summary.replace(/\s+/g, ' ').trim(),
      needsFollowUp: tags.includes('needs_follow_up'),
      confidence: out.confidence,
      language: input.language ?? out.language,
      classifier: 'openai',
      model: this.model,
    }
  }

  async reply(input: ReplyInput): Promise<Reply> {
    const language: Language = input.replyLanguage === 'auto' ? input.classification.language : input.replyLanguage
    const chunks = [...profileChunks(input.profile), ...knowledgeChunks(input.knowledge), ...(input.context ?? [])]
    const out = await this.structured(replyMessages(input, language, this.historyTurns, chunks), ReplyOutput, 'reply', 0.4)
    // A price, total or percentage the context cannot account for (a model talked into "diskon
    // 90%", or one that made a number up) never reaches the customer: the caller's fallback answers.
    const check = ungrounded(out.reply, input.profile, chunks)
    if (!isGrounded(check)) throw new LlmError('llm.ungrounded', 'The AI reply stated a price or percentage that is not in the shop\'s information')
    const questions = out.questions.map((q) => ({ question: q.question.trim(), answer: q.answer?.trim() || null }))
    // Complaints always reach a human, and so does any question the model could not answer,
    // whatever its handoff flag says.
    const handoff = out.handoff || input.classification.mode === 'complaint' || questions.some((q) => q.answer === null)
    return { text: out.reply.trim(), source: 'openai', handoff, language, questions, sources: sourcesFrom(out.sources, chunks) }
  }

  async followUpText(input: FollowUpInput): Promise<string> {
    const language: Language = input.replyLanguage === 'auto' ? guessLanguage(input) : input.replyLanguage
    try {
      const completion = await this.client.chat.completions.create({
        model: this.model,
        messages: followUpMessages(input, language, this.historyTurns),
        temperature: 0.6,
      })
      await this.recordUsage(completion.usage)
      const content = completion.choices[0]?.message.content
      const text = content == null ? '' : toStorableText(content).trim()
      if (!text) throw new LlmError('llm.invalid_output', 'The AI model returned an empty follow-up')
      return text
    } catch (err) {
      throw toLlmError(err)
    }
  }

  /** Tokens are counted as soon as the provider answered: a reply refused later still cost them. */
  private async recordUsage(usage: { prompt_tokens?: number; completion_tokens?: number } | undefined | null): Promise<void> {
    if (!this.onUsage || !usage) return
    const promptTokens = Math.max(0, Math.floor(usage.prompt_tokens ?? 0))
    const completionTokens = Math.max(0, Math.floor(usage.completion_tokens ?? 0))
    await this.onUsage({ promptTokens, completionTokens })
  }

  private async structured<T>(messages: ChatMessage[], schema: import('zod').ZodType<T>, name: string, temperature: number): Promise<T> {
    try {
      const completion = await this.client.chat.completions.parse({
        model: this.model,
        messages,
        temperature,
        response_format: zodResponseFormat(schema as any, name),
      })
      await this.recordUsage(completion.usage)
      const message = completion.choices[0]?.message
      if (message?.refusal) throw new LlmError('llm.refused', 'The AI model refused to answer')
      if (message?.parsed == null) throw new LlmError('llm.invalid_output', 'The AI model returned no structured answer')
      return storableDeep(schema.parse(message.parsed))
    } catch (err) {
      throw toLlmError(err)
    }
  }
}

/**
 * The model's words are stored (insights, drafts, replies) and sent: a NUL or a lone surrogate from
 * a tenant's server would fail the insert on every retry. They become U+FFFD here, as inbound
 * customer text does.
 */
function storableDeep<T>(value: T): T {
  if (typeof value === 'string') return toStorableText(value) as T
  if (Array.isArray(value)) return value.map(storableDeep) as T
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, storableDeep(v)])) as T
  return value
}

function guessLanguage(input: FollowUpInput): Language {
  const last = [...input.history].reverse().find((t) => t.from === 'customer')
  return last && /\b(the|you|is|are|please|thanks|how|what|i)\b/i.test(last.text) ? 'en' : 'id'
}
