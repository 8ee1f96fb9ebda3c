// MediaAiPort on an OpenAI-compatible server: speech-to-text through `audio.transcriptions`
// (Whisper-style, multipart upload) and image descriptions through chat completions with an image
// part (only called when the owner said the model can see). Failures leave as LlmError (retryable
// or not, as for chat) or MediaAiUnavailableError when the provider has no such endpoint/model.
import OpenAI, { APIError, toFile } from 'openai'
import { toStorableText } from '../../../shared/validation.js'
import { MediaAiUnavailableError, type MediaAiPort } from '../media-ai.port.js'
import { toLlmError, type OpenAiLlmOptions } from './openai-llm.js'

export const DEFAULT_TRANSCRIPTION_MODEL = 'whisper-1'

export interface OpenAiMediaAiOptions {
  apiKey: string
  baseUrl?: string
  /** The chat model (used for descriptions). */
  model: string
  transcriptionModel?: string
  timeoutMs: number
  maxRetries?: number
  fetch?: typeof globalThis.fetch
  /** Hears the tokens of every answered call, as chat completions do (the tenant's monthly cap). */
  onUsage?: OpenAiLlmOptions['onUsage']
}

/**
 * A transcription's price in tokens when the provider reports none (Whisper-style answers carry
 * only the text or the seconds): audio at 10 tokens a second (OpenAI's audio models count one per
 * 100 ms) and the words at ~4 characters a token — an estimate, so the cap still stops a tenant
 * whose voice notes alone would run past it.
 */
export function estimatedTranscriptionTokens(seconds: number, text: string): { promptTokens: number; completionTokens: number } {
  return { promptTokens: Math.ceil(Math.max(0, seconds) * 10), completionTokens: Math.ceil(text.length / 4) }
}

/** The usage part of a transcription answer: tokens (gpt-4o-transcribe) or seconds (whisper-1). */
type TranscriptionUsage = { type?: string; input_tokens?: number; output_tokens?: number; seconds?: number } | undefined

const DESCRIBE_PROMPT = 'Describe this photo a customer sent to a small shop in ONE short sentence in Indonesian, '
  + 'naming any product, and whether it looks like a bank/e-wallet transfer receipt (bukti transfer) with its amount. No other text.'

export class OpenAiMediaAi implements MediaAiPort {
  private readonly client: OpenAI

  constructor(private readonly options: OpenAiMediaAiOptions) {
    this.client = new OpenAI({
      apiKey: options.apiKey,
      ...(options.baseUrl ? { baseURL: options.baseUrl } : {}),
      timeout: options.timeoutMs,
      maxRetries: options.maxRetries ?? 1,
      ...(options.fetch ? { fetch: options.fetch } : {}),
    })
  }

  async transcribe(audio: Buffer, fileName: string, mime: string, durationMs?: number | null): Promise<string> {
    let out
    try {
      out = await this.client.audio.transcriptions.create({
        file: await toFile(audio, fileName, { type: mime }),
        model: this.options.transcriptionModel ?? DEFAULT_TRANSCRIPTION_MODEL,
      })
    } catch (err) {
      throw unavailableOr(err)
    }
    // Counted as soon as the provider answered, like a chat completion.
    const usage = (out as { usage?: TranscriptionUsage }).usage
    if (usage?.type === 'tokens' || usage?.input_tokens !== undefined) {
      await this.options.onUsage?.({ promptTokens: Math.max(0, Math.floor(usage.input_tokens ?? 0)), completionTokens: Math.max(0, Math.floor(usage.output_tokens ?? 0)) })
    } else {
      await this.options.onUsage?.(estimatedTranscriptionTokens(usage?.seconds ?? (durationMs ?? 0) / 1000, out.text ?? ''))
    }
    return clean(out.text, 4000)
  }

  async describe(image: Buffer, mime: string): Promise<string> {
    try {
      const completion = await this.client.chat.completions.create({
        model: this.options.model,
        temperature: 0,
        max_completion_tokens: 80,
        messages: [{ role: 'user', content: [
          { type: 'text', text: DESCRIBE_PROMPT },
          { type: 'image_url', image_url: { url: `data:${mime};base64,${image.toString('base64')}`, detail: 'low' } },
        ] }],
      })
      const u = completion.usage
      if (u) await this.options.onUsage?.({ promptTokens: Math.max(0, Math.floor(u.prompt_tokens ?? 0)), completionTokens: Math.max(0, Math.floor(u.completion_tokens ?? 0)) })
      return clean(completion.choices[0]?.message.content ?? '', 300)
    } catch (err) {
      throw unavailableOr(err)
    }
  }
}

/** Words stored and shown to the owner: storable, single-spaced, bounded. */
function clean(text: string, max: number): string {
  return toStorableText(text).replace(/\s+/g, ' ').trim().slice(0, max)
}

/** "No such route" or "no such model": the provider does not offer it; anything else as for chat. */
function unavailableOr(err: unknown): Error {
  if (err instanceof APIError && (err.status === 404 || err.status === 405 || err.status === 501)) {
    return new MediaAiUnavailableError(`the AI provider does not offer this (${err.status})`)
  }
  return toLlmError(err)
}
