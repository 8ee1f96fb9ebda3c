import { z } from 'zod'
import { IsoTime, named } from '../../shared/http-schemas.js'
import { ConversationSummary } from '../inbox/inbox.schemas.js'

export const Overview = named('Overview', z.object({
  range: z.object({ from: IsoTime, to: IsoTime }),
  conversationsByMode: z.object({ faq: z.number().int(), order: z.number().int(), complaint: z.number().int(), other: z.number().int() }),
  conversationsByTag: z.record(z.string(), z.number().int()),
  messagesPerDay: z.array(z.object({ date: z.string().meta({ description: 'YYYY-MM-DD in the business timezone.' }), in: z.number().int(), out: z.number().int() })),
  hotLeadsWaiting: z.array(ConversationSummary),
}))
