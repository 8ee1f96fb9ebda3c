// Picks the AI implementation for a tenant: the OpenAI adapter when the tenant saved an API key,
// else the built-in offline classifier. The caller decrypts the key and passes plain settings.
import type { LlmPort } from './llm.port.js'
import { OfflineLlm } from './offline/offline-llm.js'
import { OpenAiLlm, type TokenUsage } from './openai/openai-llm.js'
import { OpenAiEmbeddings } from './openai/openai-embeddings.js'
import { DEFAULT_EMBEDDING_MODEL, type EmbeddingsPort } from './embeddings.port.js'
import type { MediaAiPort } from './media-ai.port.js'
import { OpenAiMediaAi } from './openai/openai-media-ai.js'

export const DEFAULT_MODEL = 'gpt-4o-mini'
/** Per attempt; with two retries a classification gives up after about a minute at worst. */
export const DEFAULT_TIMEOUT_MS = 20_000

export interface LlmSettings {
  apiKey?: string | null
  /** Any OpenAI-compatible server; the SDK default (api.openai.com) when empty. */
  baseUrl?: string | null
  model?: string | null
  timeoutMs?: number
  /** The HTTP client the OpenAI adapter uses (the product passes the guarded one). */
  fetch?: typeof globalThis.fetch
  /** Hears the tokens of every answered completion (recorded per tenant per month). */
  onUsage?: (usage: TokenUsage) => Promise<void> | void
}

export function createLlm(settings: LlmSettings = {}): LlmPort {
  const apiKey = settings.apiKey?.trim()
  if (!apiKey) return new OfflineLlm()
  const baseUrl = settings.baseUrl?.trim()
  return new OpenAiLlm({
    apiKey,
    ...(baseUrl ? { baseUrl } : {}),
    model: settings.model?.trim() || DEFAULT_MODEL,
    timeoutMs: settings.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    ...(settings.fetch ? { fetch: settings.fetch } : {}),
    ...(settings.onUsage ? { onUsage: settings.onUsage } : {}),
  })
}

/** The tenant's embeddings provider (same key and base URL as its AI), or null without a key. */
export function createEmbeddings(settings: LlmSettings = {}): EmbeddingsPort | null {
  const apiKey = settings.apiKey?.trim()
  if (!apiKey) return null
  const baseUrl = settings.baseUrl?.trim()
  return new OpenAiEmbeddings({
    apiKey, model: DEFAULT_EMBEDDING_MODEL, timeoutMs: settings.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    ...(baseUrl ? { baseUrl } : {}), ...(settings.fetch ? { fetch: settings.fetch } : {}),
  })
}

/** The tenant's speech-to-text and vision (same key, base URL and chat model), or null without a key. */
export function createMediaAi(settings: LlmSettings = {}): MediaAiPort | null {
  const apiKey = settings.apiKey?.trim()
  if (!apiKey) return null
  const baseUrl = settings.baseUrl?.trim()
  return new OpenAiMediaAi({
    apiKey, model: settings.model?.trim() || DEFAULT_MODEL, timeoutMs: settings.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    ...(baseUrl ? { baseUrl } : {}), ...(settings.fetch ? { fetch: settings.fetch } : {}), ...(settings.onUsage ? { onUsage: settings.onUsage } : {}),
  })
}
