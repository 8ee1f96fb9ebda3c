import { z } from 'zod'
import { IsoTime, named, Uuid } from '../../shared/http-schemas.js'

export const Note = named('Note', z.object({
  id: Uuid, conversationId: Uuid,
  authorId: Uuid.nullable().meta({ description: 'Null once the author left the team (authorName stays).' }),
  authorName: z.string(), body: z.string(),
  mentions: z.array(Uuid).meta({ description: 'Teammates @mentioned (user ids); they were notified.' }),
  createdAt: IsoTime,
}).meta({ description: 'An internal note in a chat: staff only, never sent to the customer.' }))
