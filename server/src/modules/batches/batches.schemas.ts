import { z } from 'zod'
import { IsoTime, named, Uuid } from '../../shared/http-schemas.js'

export const MAX_RECIPIENTS = 1000

/** `{{name}}`-style placeholders: letters, digits and underscores. */
export const PLACEHOLDER = /\{\{\s*([A-Za-z0-9_]+)\s*\}\}/g

export const CreateBatchBody = z.strictObject({
  /** The text, with `{{variable}}` placeholders filled in per recipient. */
  template: z.string().trim().min(1, 'Write the message template.').max(4096),
  recipients: z.array(z.strictObject({
    /** E.164, e.g. "+6281234567890". */
    to: z.string().trim().min(3).max(32),
    variables: z.record(z.string().regex(/^[A-Za-z0-9_]+$/), z.string().max(1000)).default({}),
  })).min(1, 'Add at least one recipient.').max(MAX_RECIPIENTS, `At most ${MAX_RECIPIENTS} recipients per batch.`),
})
export type CreateBatchBody = z.infer<typeof CreateBatchBody>

export const BatchId = z.strictObject({ id: z.uuid({ message: 'Not a valid id.' }) })
export const BatchAction = z.strictObject({ id: z.uuid({ message: 'Not a valid id.' }), action: z.enum(['pause', 'resume', 'cancel']) })

export const BatchDto = named('MessageBatch', z.object({
  id: Uuid,
  status: z.enum(['running', 'paused', 'cancelled', 'done']),
  total: z.number().int(),
  /** Messages by outbox status. */
  progress: z.object({ pending: z.number().int(), sent: z.number().int(), delivered: z.number().int(), read: z.number().int(), failed: z.number().int() }),
  /** When the last pending message should have left at the number's pacing (null when none is pending or the batch is paused). */
  expectedDoneAt: IsoTime.nullable(),
  createdAt: IsoTime,
}))
export type BatchDto = z.infer<typeof BatchDto>
