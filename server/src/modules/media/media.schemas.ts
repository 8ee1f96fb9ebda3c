import { z } from 'zod'
import { asText, named } from '../../shared/http-schemas.js'

export const MediaIdParams = z.strictObject({ id: z.uuid({ message: 'Not a valid id.' }) })

/** The query of a signed media link (media-links.ts). */
export const SignedLinkQuery = z.strictObject({
  t: z.uuid({ message: 'Not a valid link.' }),
  exp: z.coerce.number().int().positive(),
  sig: z.string().regex(/^[A-Za-z0-9_-]{43}$/, 'Not a valid link.'),
})

/** The media shape (media.dto.ts). */
export const Media = named('Media', z.object({
  id: z.string(), kind: z.string(), mime: z.string().nullable(), size: z.number().nullable(), width: z.number().nullable(),
  height: z.number().nullable(), durationMs: z.number().nullable(), fileName: z.string().nullable(), waveform: z.array(z.number()).nullable(),
  state: z.string().meta({ description: 'pending (being fetched), ready, failed, expired…' }),
  url: z.string().nullable().meta({ description: 'Signed, short-lived link to the file (usable in <img>/<audio>); null until ready.' }),
  thumbnailUrl: z.string().nullable().meta({ description: 'Signed, short-lived link to a JPEG preview, when there is one.' }),
  transcript: z.string().nullable().meta({ description: "Voice notes: the words, when the tenant's provider transcribed them." }),
  description: z.string().nullable().meta({ description: "Photos: one sentence from the tenant's vision model, when it is on." }),
  understanding: z.enum(['pending', 'done', 'failed', 'unavailable']).nullable().meta({ description: 'How far the AI got with the file (null: nothing asked of it).' }),
}).loose())
export const MediaUpload = asText(z.object({ file: z.string().meta({ format: 'binary' }) }), 'multipart/form-data')
export const MediaBytes = asText(z.string().meta({ format: 'binary', description: 'The file (its own content type).' }), 'application/octet-stream')
export const MediaUsage = named('MediaUsage', z.object({
  bytes: z.number().int().meta({ description: 'Bytes of media stored for the tenant (each distinct file once).' }),
  files: z.number().int(),
  retentionDays: z.number().int().meta({ description: 'Files older than this are deleted (the messages stay).' }),
}))
