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
  questions: z.array(z.object({
    question: z.string().describe('one question of the customer message, in their words'),
    answer: z.string().nullable().describe('its answer from the business profile, or null when the profile does not answer it (a person will)'),
  })).describe('every question in the customer message, in order; a message without a question is one entry'),
  reply: z.string().min(1).describe('the message to send: every answer, and for each question answered null an explicit line that a person from the shop will answer it'),
  handoff: z.boolean().describe('true when a human must answer: complaints, any question answered null, anything risky'),
  sources: z.array(z.string()).describe('the ids of the context chunks the reply used, e.g. ["price.2", "faq.1"]; empty when it used none'),
})
export type ReplyOutput = z.infer<typeof ReplyOutput>
