// Text embeddings from the tenant's OpenAI-compatible provider, for the knowledge base's hybrid
// ranking (meaning as well as words). Optional: a tenant without an API key, or a provider without
// `/embeddings`, gets word-based retrieval only.
export interface EmbeddingsPort {
  /** One vector per text, in order. Throws (an LlmError) when the provider cannot embed. */
  embed(texts: string[]): Promise<number[][]>
}

/** OpenAI's small embedding model: cheap, and what most compatible gateways also serve. */
export const DEFAULT_EMBEDDING_MODEL = 'text-embedding-3-small'
