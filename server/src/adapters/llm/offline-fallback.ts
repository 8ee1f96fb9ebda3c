// The one place the built-in engine stands in for a tenant's AI. Every caller used to wrap each
// call in its own `.catch(() => new OfflineLlm()…)`; now `aiConfig.llmFor()` hands out this
// wrapper, so a classification, a reply and a follow-up text always arrive, and the caller that
// wants to show why the tenant's AI was not used asks `classifyOrFallback` for the reason.
import { isLlmError } from './llm.errors.js'
import type { Classification, ClassifyInput, FollowUpInput, LlmPort, Reply, ReplyInput } from './llm.port.js'
import { OfflineLlm } from './offline/offline-llm.js'

const offline = new OfflineLlm()

export interface FallbackNotice { operation: 'classify' | 'reply' | 'followUpText'; reason: string }

/** The stable code of why the tenant's AI failed (`llm.*`, `net.forbidden_address`, …). */
export const fallbackReasonOf = (err: unknown): string => (isLlmError(err) ? err.code : 'llm.error')

export class OfflineFallbackLlm implements LlmPort {
  readonly source: LlmPort['source']

  constructor(private readonly primary: LlmPort, private readonly onFallback?: (notice: FallbackNotice) => void) {
    this.source = primary.source
  }

  /** The classification, and why the built-in classifier made it instead (null when it did not stand in). */
  async classifyOrFallback(input: ClassifyInput): Promise<{ classification: Classification; fallbackReason: string | null }> {
    try {
      return { classification: await this.primary.classify(input), fallbackReason: null }
    } catch (err) {
      const reason = this.standIn('classify', err)
      return { classification: await offline.classify(input), fallbackReason: reason }
    }
  }

  async classify(input: ClassifyInput): Promise<Classification> {
    return (await this.classifyOrFallback(input)).classification
  }

  async reply(input: ReplyInput): Promise<Reply> {
    try {
      return await this.primary.reply(input)
    } catch (err) {
      const reason = this.standIn('reply', err)
      return { ...(await offline.reply(input)), fallbackReason: reason }
    }
  }

  async followUpText(input: FollowUpInput): Promise<string> {
    try {
      return await this.primary.followUpText(input)
    } catch (err) {
      this.standIn('followUpText', err)
      return offline.followUpText(input)
    }
  }

  /** The built-in engine failing is a bug, not something to hide behind itself. */
  private standIn(operation: FallbackNotice['operation'], err: unknown): string {
    if (this.primary.source === 'offline') throw err
    const reason = fallbackReasonOf(err)
    this.onFallback?.({ operation, reason })
    return reason
  }
}

export const withOfflineFallback = (primary: LlmPort, onFallback?: (notice: FallbackNotice) => void): OfflineFallbackLlm =>
  primary instanceof OfflineFallbackLlm ? primary : new OfflineFallbackLlm(primary, onFallback)
