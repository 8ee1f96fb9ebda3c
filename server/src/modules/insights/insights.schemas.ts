import { z } from 'zod'
import { IsoTime, named, Uuid } from '../../shared/http-schemas.js'
import { ReplySource } from '../inbox/inbox.schemas.js'

export const AiSuggestion = named('AiSuggestion', z.object({
  id: Uuid, conversationId: Uuid, messageId: Uuid, text: z.string(), handoff: z.boolean(), source: z.enum(['offline', 'openai']),
  sources: z.array(ReplySource).optional(), fallbackReason: z.string().nullable().optional(), createdAt: IsoTime,
}).meta({ description: 'The AI\'s suggested answer ("Saran AI") to the newest customer message, for a person to send.' }))
