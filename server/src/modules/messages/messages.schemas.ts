import { z } from 'zod'
import { IsoTime, named, Uuid } from '../../shared/http-schemas.js'
import { hasSomethingToSend, MessageStatus, OutgoingContentFields, SENT_BY } from '../inbox/inbox.schemas.js'

export const SendMessageBody = z.strictObject({
  /** E.164, e.g. "+6281234567890" (spaces and dashes are tolerated). */
  to: z.string().trim().min(3).max(32),
  text: z.string().trim().max(4096).default(''),
  ...OutgoingContentFields,
  deviceId: z.uuid({ message: 'Not a valid device id.' }).optional().meta({ description: "Which of the shop's numbers sends it (GET /devices; default: the first). Each number has its own chat with the customer." }),
}).refine(hasSomethingToSend, { message: 'Write the message text.', path: ['text'] })
export type SendMessageBody = z.infer<typeof SendMessageBody>

/** Printable ASCII, as Stripe and the IETF draft use it; long enough for a UUID or an order id. */
export const IdempotencyKey = z.string().regex(/^[\x21-\x7e]{1,255}$/, 'Use 1–255 printable ASCII characters.')

export const MessageId = z.strictObject({ id: z.uuid({ message: 'Not a valid id.' }) })

export const IdempotencyHeaders = z.object({
  'idempotency-key': IdempotencyKey.meta({ description: 'Required. The same key within 24 h answers with the same message (200, `Idempotent-Replayed: true`), never a second send.' }),
})

export const ApiMessage = named('ApiMessage', z.object({
  id: Uuid, conversationId: Uuid,
  to: z.string().nullable().meta({ description: 'E.164, when the chat is a phone number.' }),
  direction: z.enum(['in', 'out']), type: z.string().meta({ description: 'text, image, video, audio (voice notes too), document, sticker, location…' }), text: z.string().nullable(),
  mediaId: Uuid.nullable().meta({ description: 'The file sent with it (its own media id; see the chat thread for links).' }),
  status: MessageStatus, error: z.string().nullable(), sentBy: z.enum(SENT_BY), createdAt: IsoTime, sentAt: IsoTime.nullable(),
  expectedAt: IsoTime.nullable().meta({ description: 'While pending: when it is expected to leave (replies at once; other sends after the paced messages ahead, at SEND_PACING_PER_MINUTE plus average jitter). Null once it left, or while its batch is paused.' }),
}).meta({ description: 'A message as the integrator API shows it.' }))
