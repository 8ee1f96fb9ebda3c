// The structured outputs asked of the model, as zod schemas: the same schema becomes the strict
// JSON schema sent in `response_format` and validates what comes back.
import { z } from 'zod'
import { KNOWN_TAGS, MODES } from '../llm.port.js'

export const ClassificationOutput = z.object({
  mode: z.enum(MODES),
  intent: z.string().describe('short snake_case verb phrase, e.g. ask_price, place_order, complain_late_delivery'),
  tags: z.array(z.string()).describe(`known tags: ${KNOWN_TAGS.join(', ')}; extra tags only in snake_case`),
  sentiment: z.enum(['positive', 'neutral', 'negative']),
  product_interest: z.string().nullable().describe('a price-list item name when it matches, else a short noun phrase, else null'),
  summary: z.string().describe('one line for the owner, in the language of the customer message'),
  needs_follow_up: z.boolean(),
  confidence: z.number().min(0).max(1),
  language: z.enum(['id', 'en']),
})
export type ClassificationOutput = z.infer<typeof ClassificationOutput>

export const ReplyOutput = z.object({
  reply: z.string().min(1).describe('the message to send to the customer'),
  handoff: z.boolean().describe('true when a human must answer: complaints, facts not in the profile, anything risky'),
})
export type ReplyOutput = z.infer<typeof ReplyOutput>
