// MediaAiPort on an OpenAI-compatible server: speech-to-text through `audio.transcriptions`
// (Whisper-style, multipart upload) and image descriptions through chat completions with an image
// part (only called when the owner said the model can see). Failures leave as LlmError (retryable
// or not, as for chat) or MediaAiUnavailableError when the provider has no such endpoint/model.
import OpenAI, { APIError, toFile } from 'openai'
import { toStorableText } from '../../../shared/validation.js'
import { MediaAiUnavailableError, type MediaAiPort } from '../media-ai.port.js'
import { toLlmError } from './openai-llm.js'

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
}

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

  async transcribe(audio: Buffer, fileName: string, mime: string): Promise<string> {
    try {
      const out = await this.client.audio.transcriptions.create({
        file: await toFile(audio, fileName, { type: mime }),
        model: this.options.transcriptionModel ?? DEFAULT_TRANSCRIPTION_MODEL,
      })
      return clean(out.text, 4000)
    } catch (err) {
      throw unavailableOr(err)
    }
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
