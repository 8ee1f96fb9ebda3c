// A tenant's AI behind its owner's monthly token cap. Before each call the month's usage so far is
// asked for; at or past the cap the call fails with `llm.cap_reached` before anything is sent, and
// the offline fallback around this answers instead (recording that reason). Usage is counted after
// the provider answers, so one call may go past the cap: the cap stops the next one.
import { LlmError } from './llm.errors.js'
import type { Classification, ClassifyInput, FollowUpInput, LlmPort, Reply, ReplyInput } from './llm.port.js'
import type { MediaAiPort } from './media-ai.port.js'

export class CappedLlm implements LlmPort {
  readonly source: LlmPort['source']

  constructor(private readonly primary: LlmPort, private readonly capReached: () => Promise<boolean>) {
    this.source = primary.source
  }

  private async guard(): Promise<void> {
    if (await this.capReached()) throw new LlmError('llm.cap_reached', 'The monthly AI token cap set by the owner is used up')
  }

  async classify(input: ClassifyInput): Promise<Classification> {
    await this.guard()
    return this.primary.classify(input)
  }

  async reply(input: ReplyInput): Promise<Reply> {
    await this.guard()
    return this.primary.reply(input)
  }

  async followUpText(input: FollowUpInput): Promise<string> {
    await this.guard()
    return this.primary.followUpText(input)
  }
}

/**
 * Speech-to-text and vision behind the same cap: past it nothing is sent and the call fails with
 * `llm.cap_reached` (not retryable), which the media job treats as "the AI cannot read this file".
 */
export class CappedMediaAi implements MediaAiPort {
  constructor(private readonly primary: MediaAiPort, private readonly capReached: () => Promise<boolean>) {}

  private async guard(): Promise<void> {
    if (await this.capReached()) throw new LlmError('llm.cap_reached', 'The monthly AI token cap set by the owner is used up')
  }

  async transcribe(audio: Buffer, fileName: string, mime: string, durationMs?: number | null): Promise<string> {
    await this.guard()
    return this.primary.transcribe(audio, fileName, mime, durationMs)
  }

  async describe(image: Buffer, mime: string): Promise<string> {
    await this.guard()
    return this.primary.describe(image, mime)
  }
}
