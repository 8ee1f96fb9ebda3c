// EmbeddingsPort on an OpenAI-compatible `/embeddings` endpoint (through the guarded client).
import OpenAI from 'openai'
import type { EmbeddingsPort } from '../embeddings.port.js'
import { toLlmError } from './openai-llm.js'

export interface OpenAiEmbeddingsOptions {
  apiKey: string
  baseUrl?: string
  model: string
  timeoutMs: number
  fetch?: typeof globalThis.fetch
}

export class OpenAiEmbeddings implements EmbeddingsPort {
  private readonly client: OpenAI

  constructor(private readonly options: OpenAiEmbeddingsOptions) {
    this.client = new OpenAI({
      apiKey: options.apiKey,
      ...(options.baseUrl ? { baseURL: options.baseUrl } : {}),
      timeout: options.timeoutMs,
      // One retry: retrieval must not hold a customer's answer up for long.
      maxRetries: 1,
      ...(options.fetch ? { fetch: options.fetch } : {}),
    })
  }

  async embed(texts: string[]): Promise<number[][]> {
    if (texts.length === 0) return []
    try {
      const res = await this.client.embeddings.create({ model: this.options.model, input: texts, encoding_format: 'float' })
      const vectors = [...res.data].sort((a, b) => a.index - b.index).map((d) => d.embedding)
      if (vectors.length !== texts.length || vectors.some((v) => !Array.isArray(v) || v.length === 0)) throw new Error('embeddings: wrong shape')
      return vectors
    } catch (err) {
      throw toLlmError(err)
    }
  }
}
