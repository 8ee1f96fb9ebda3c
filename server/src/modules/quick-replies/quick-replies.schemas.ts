import { z } from 'zod'
import { IsoTime, named, Uuid } from '../../shared/http-schemas.js'

/** "ongkir", "jam-buka", "rek_bca": what follows the "/" in the reply box. */
export const Shortcut = z.string().trim().toLowerCase()
  .regex(/^[\p{Ll}\p{N}_-]{1,30}$/u, 'Use 1–30 letters, digits, "-" or "_", without spaces.')

export const QuickReplyText = z.string().trim().min(1, 'Write the reply text.').max(4096)

export const CreateQuickReply = z.strictObject({ shortcut: Shortcut, text: QuickReplyText })
export type CreateQuickReply = z.infer<typeof CreateQuickReply>

export const UpdateQuickReply = z.strictObject({ shortcut: Shortcut.optional(), text: QuickReplyText.optional() })
  .refine((v) => v.shortcut !== undefined || v.text !== undefined, { message: 'Send a shortcut, a text or both.' })
export type UpdateQuickReply = z.infer<typeof UpdateQuickReply>

export const QuickReplyId = z.strictObject({ id: z.uuid({ message: 'Not a valid id.' }) })

export const QuickReply = named('QuickReply', z.object({ id: Uuid, shortcut: z.string(), text: z.string(), createdAt: IsoTime, updatedAt: IsoTime }))
