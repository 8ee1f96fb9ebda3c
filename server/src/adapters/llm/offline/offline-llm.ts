// The built-in LlmPort: the rule-based classifier and profile-grounded replies. The default for
// tenants without an API key, and the fallback when the model is unreachable.
import type { Classification, ClassifyInput, FollowUpInput, LlmPort, Reply, ReplyInput } from '../llm.port.js'
import { classifyOffline } from './classify.js'
import { offlineFollowUp, offlineReply } from './reply.js'

export class OfflineLlm implements LlmPort {
  readonly source = 'offline' as const

  async classify(input: ClassifyInput): Promise<Classification> {
    return classifyOffline(input)
  }

  async reply(input: ReplyInput): Promise<Reply> {
    return offlineReply(input)
  }

  async followUpText(input: FollowUpInput): Promise<string> {
    return offlineFollowUp(input)
  }
}
