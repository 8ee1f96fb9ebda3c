// What the tenant's AI provider can make of a file: a voice note's words (speech-to-text) and a
// photo's content in one sentence (a vision-capable model), so the classifier reads them as text.
// Only the OpenAI-compatible adapter implements it; without a provider key there is none, and the
// product hands such messages to a person instead of guessing.

export interface MediaAiPort {
  /**
   * The words of a voice note or audio file (`/audio/transcriptions`). `durationMs` (when known)
   * prices the call when the provider reports no token usage (Whisper-style answers carry none).
   */
  transcribe(audio: Buffer, fileName: string, mime: string, durationMs?: number | null): Promise<string>
  /** One short sentence about what a photo shows (chat completions with an image part). */
  describe(image: Buffer, mime: string): Promise<string>
}

/**
 * The provider does not offer this at all (404/405/501, or an "unknown model" refusal): retrying
 * cannot help, and the message is treated as if there were no provider.
 */
export class MediaAiUnavailableError extends Error {
  readonly code = 'llm.media_unavailable'
}
