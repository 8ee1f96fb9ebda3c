// The built-in LlmPort: the rule-based classifier and profile-grounded replies. The default for
// tenants without an API key, and the fallback when the model is unreachable.
import type { Classification, ClassifyInput, FollowUpInput, LlmPort, Reply, ReplyInput } from '../llm.port.js'
import { classifyOffline } from './classify.js'
import { citedSources, profileWithKnowledge } from '../knowledge-context.js'
import { offlineFollowUp, offlineReply } from './reply.js'

export class OfflineLlm implements LlmPort {
  readonly source = 'offline' as const

  async classify(input: ClassifyInput): Promise<Classification> {
    return classifyOffline(input)
  }

  /** Answers from the profile and the retrieved pieces of the shop's documents, crediting those it used. */
  async reply(input: ReplyInput): Promise<Reply> {
    const reply = offlineReply({ ...input, profile: profileWithKnowledge(input.profile, input.knowledge) })
    const sources = citedSources(reply.text, input.knowledge)
    return sources.length ? { ...reply, sources } : reply
  }

  async followUpText(input: FollowUpInput): Promise<string> {
    return offlineFollowUp(input)
  }
}
