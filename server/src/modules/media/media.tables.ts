import { sql } from 'drizzle-orm'
import { bigint, foreignKey, index, integer, jsonb, pgTable, text, timestamp, unique, uniqueIndex, uuid } from 'drizzle-orm/pg-core'
import { tenants } from '../tenants/tenants.tables.js'
import { messages } from '../inbox/inbox.tables.js'
import type { MediaDownloadRef } from '../../adapters/whatsapp/whatsapp.port.js'

/**
 * The file of a message (photo, voice note, video, document, sticker), or one the shop uploaded to
 * send. The bytes live in the MediaStore under `sha256` (content-addressed per tenant); this row
 * says what they are and how far the fetch got: `pending` until the `media.fetch` job stored them,
 * `ready`, `failed` (the download or the file was bad; the message stays), `expired` (WhatsApp no
 * longer has it and the sender's phone could not upload it again).
 */
export const media = pgTable('media', {
  id: uuid('id').primaryKey(),
  tenantId: uuid('tenant_id').notNull().references(() => tenants.id, { onDelete: 'cascade' }),
  /** The message it belongs to; null for an upload not sent yet. */
  messageId: uuid('message_id'),
  kind: text('kind').$type<'image' | 'video' | 'audio' | 'ptt' | 'document' | 'sticker'>().notNull(),
  /** Sniffed from the bytes once stored; the sender's claim until then. */
  mime: text('mime'),
  size: bigint('size', { mode: 'number' }),
  width: integer('width'),
  height: integer('height'),
  durationMs: integer('duration_ms'),
  fileName: text('file_name'),
  sha256: text('sha256'),
  thumbnailSha256: text('thumbnail_sha256'),
  waveform: jsonb('waveform').$type<number[]>(),
  /** `deleted`: the file was removed after the tenant's retention (the message stays). */
  state: text('state').$type<'pending' | 'ready' | 'failed' | 'expired' | 'deleted'>().notNull(),
  error: text('error'),
  /**
   * Inbound: how to fetch it from WhatsApp, cleared once the bytes are ours. Outbound: where our
   * upload of it is (with `fileLength`), kept so a retry re-sends without uploading again.
   */
  download: jsonb('download').$type<MediaDownloadRef & { fileLength?: number }>(),
  /** WhatsApp's inline preview (base64 JPEG), kept until a real thumbnail exists. */
  inlineThumbnail: text('inline_thumbnail'),
  attempts: integer('attempts').notNull().default(0),
  /**
   * What the tenant's AI made of the file for the classifier: a voice note's transcript, a photo's
   * one-sentence description (vision). `understanding` says how far that got: null when nothing is
   * asked of the AI, `pending` while the `media.understand` job runs, `done`, `failed` (gave up
   * after retries) or `unavailable` (the provider offers no speech-to-text / vision).
   */
  transcript: text('transcript'),
  description: text('description'),
  understanding: text('understanding').$type<'pending' | 'done' | 'failed' | 'unavailable'>(),
  readyAt: timestamp('ready_at', { withTimezone: true, precision: 3 }),
  createdAt: timestamp('created_at', { withTimezone: true, precision: 3 }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true, precision: 3 }).notNull().defaultNow(),
}, (t) => [
  unique('media_tenant_id_id_unique').on(t.tenantId, t.id),
  uniqueIndex('media_message_unique').on(t.tenantId, t.messageId),
  foreignKey({ name: 'media_message_fk', columns: [t.tenantId, t.messageId], foreignColumns: [messages.tenantId, messages.id] }).onDelete('cascade'),
  // Usage per tenant and "is this file still referenced" before deleting it from the store.
  index('media_tenant_sha_idx').on(t.tenantId, t.sha256),
  // The retention sweep: a tenant's files oldest first.
  index('media_tenant_ready_idx').on(t.tenantId, t.createdAt).where(sql`state = 'ready'`),
  index('media_pending_idx').on(t.createdAt).where(sql`state = 'pending'`),
])
