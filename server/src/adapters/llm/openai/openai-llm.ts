// LlmPort on any OpenAI-compatible chat-completions server, one instance per tenant. The only
// module that imports the openai SDK. Classification and replies use structured output from zod
// schemas (validated on the way back); the SDK retries 429/5xx/timeouts twice with backoff;
// every failure leaves as an LlmError whose `retryable` tells the caller what to do.
import OpenAI, { APIConnectionError, APIConnectionTimeoutError, APIError, OpenAIError } from 'openai'
import { zodResponseFormat } from 'openai/helpers/zod'
import { ZodError } from 'zod'
import { LlmError } from '../llm.errors.js'
import type { Classification, ClassifyInput, FollowUpInput, Language, LlmPort, Reply, ReplyInput } from '../llm.port.js'
import { KNOWN_TAGS } from '../llm.port.js'
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
}

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

  constructor(options: OpenAiLlmOptions) {
    this.model = options.model
    this.historyTurns = options.historyTurns ?? 8
    this.client = new OpenAI({
      apiKey: options.apiKey,
      ...(options.baseUrl ? { baseURL: options.baseUrl } : {}),
      timeout: options.timeoutMs,
      maxRetries: options.maxRetries ?? 2,
    })
  }

  async classify(input: ClassifyInput): Promise<Classification> {
    const out = await this.structured(classifyMessages(input.profile, input.history, input.text, this.historyTurns), ClassificationOutput, 'classification', 0)
    const intent = toSnakeCase(out.intent) || 'unclear'
    const tags = normaliseTags(out.tags)
    if (out.mode === 'complaint' && !tags.includes('complaint')) tags.unshift('complaint')
    if (out.needs_follow_up && !tags.includes('needs_follow_up')) tags.push('needs_follow_up')
    return {
      mode: out.mode,
      intent,
      tags,
      sentiment: out.sentiment,
      productInterest: out.product_interest?.trim() || null,
      summary: out.summary.replace(/\s+/g, ' ').trim(),
      needsFollowUp: out.needs_follow_up,
      confidence: out.confidence,
      language: input.language ?? out.language,
      classifier: 'openai',
      model: this.model,
    }
  }

  async reply(input: ReplyInput): Promise<Reply> {
    const language: Language = input.replyLanguage === 'auto' ? input.classification.language : input.replyLanguage
    const out = await this.structured(replyMessages(input, language, this.historyTurns), ReplyOutput, 'reply', 0.4)
    // Complaints always reach a human, whatever the model thinks.
    return { text: out.reply.trim(), source: 'openai', handoff: out.handoff || input.classification.mode === 'complaint', language }
  }

  async followUpText(input: FollowUpInput): Promise<string> {
    const language: Language = input.replyLanguage === 'auto' ? guessLanguage(input) : input.replyLanguage
    try {
      const completion = await this.client.chat.completions.create({
        model: this.model,
        messages: followUpMessages(input, language, this.historyTurns),
        temperature: 0.6,
      })
      const text = completion.choices[0]?.message.content?.trim()
      if (!text) throw new LlmError('llm.invalid_output', 'The AI model returned an empty follow-up')
      return text
    } catch (err) {
      throw toLlmError(err)
    }
  }

  private async structured<T>(messages: ChatMessage[], schema: import('zod').ZodType<T>, name: string, temperature: number): Promise<T> {
    try {
      const completion = await this.client.chat.completions.parse({
        model: this.model,
        messages,
        temperature,
        response_format: zodResponseFormat(schema as any, name),
      })
      const message = completion.choices[0]?.message
      if (message?.refusal) throw new LlmError('llm.refused', 'The AI model refused to answer')
      if (message?.parsed == null) throw new LlmError('llm.invalid_output', 'The AI model returned no structured answer')
      return schema.parse(message.parsed)
    } catch (err) {
      throw toLlmError(err)
    }
  }
}

function guessLanguage(input: FollowUpInput): Language {
  const last = [...input.history].reverse().find((t) => t.from === 'customer')
  return last && /\b(the|you|is|are|please|thanks|how|what|i)\b/i.test(last.text) ? 'en' : 'id'
}
