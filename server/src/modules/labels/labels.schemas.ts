import { z } from 'zod'
import { IsoTime, named, Uuid } from '../../shared/http-schemas.js'
import { LABEL_COLOURS } from './labels.tables.js'

const Name = z.string().trim().min(1, 'Give the label a name.').max(30)
const Colour = z.enum(LABEL_COLOURS)

export const CreateLabel = z.strictObject({ name: Name, colour: Colour })
export type CreateLabel = z.infer<typeof CreateLabel>

export const UpdateLabel = z.strictObject({ name: Name.optional(), colour: Colour.optional() })
  .refine((v) => v.name !== undefined || v.colour !== undefined, { message: 'Send a name, a colour or both.' })
export type UpdateLabel = z.infer<typeof UpdateLabel>

export const LabelId = z.strictObject({ id: z.uuid({ message: 'Not a valid id.' }) })

/** The whole set of labels on one conversation (idempotent: send it again, nothing changes). */
export const ConversationLabels = z.strictObject({ labelIds: z.array(z.uuid({ message: 'Not a valid label id.' })).max(20) })

export const Label = named('Label', z.object({ id: Uuid, name: z.string(), colour: z.enum(LABEL_COLOURS), createdAt: IsoTime }))
