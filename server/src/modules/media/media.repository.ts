// SQL of the media module: every query names the tenant.
import { and, asc, desc, eq, inArray, isNotNull, isNull, lt, ne, or, sql } from 'drizzle-orm'
import { newId } from '../../shared/ids.js'
import type { DbOrTx } from '../../db/client.js'
import type { InboundMedia } from '../../adapters/whatsapp/whatsapp.port.js'
import { media } from './media.tables.js'

export type MediaRow = typeof media.$inferSelect

export const mediaRepository = {
  /** The media of a just-stored inbound message, pending until the fetch job has the bytes. */
  async insertInbound(db: DbOrTx, tenantId: string, messageId: string, m: InboundMedia): Promise<MediaRow> {
    const [row] = await db.insert(media).values({
      id: newId(), tenantId, messageId, kind: m.kind, mime: m.mime, size: m.size, width: m.width, height: m.height,
      durationMs: m.durationMs, fileName: m.fileName, waveform: m.waveform, state: 'pending', download: m.download, inlineThumbnail: m.inlineThumbnail,
    }).onConflictDoNothing().returning()
    return row!
  },

  /** A file the shop uploaded to send; ready at once, attached to a message when sent. */
  async insertUpload(db: DbOrTx, tenantId: string, m: Pick<MediaRow, 'kind' | 'mime' | 'size' | 'sha256' | 'fileName' | 'width' | 'height' | 'thumbnailSha256'>): Promise<MediaRow> {
    const [row] = await db.insert(media).values({ id: newId(), tenantId, messageId: null, ...m, state: 'ready', readyAt: new Date() }).returning()
    return row!
  },

  /** The file of an outgoing message (a copy of the upload's facts; the bytes are shared by sha256). */
  async insertOutbound(db: DbOrTx, tenantId: string, messageId: string, m: Pick<MediaRow, 'kind' | 'mime' | 'size' | 'sha256' | 'fileName' | 'width' | 'height' | 'thumbnailSha256' | 'durationMs' | 'waveform'>): Promise<MediaRow> {
    const [row] = await db.insert(media).values({ id: newId(), tenantId, messageId, ...m, state: 'ready', readyAt: new Date() }).returning()
    return row!
  },

  /** The preview of an upload not sent yet (a video's poster the dashboard grabbed). */
  async setUploadThumbnail(db: DbOrTx, tenantId: string, id: string, thumbnailSha256: string): Promise<MediaRow | undefined> {
    const [row] = await db.update(media).set({ thumbnailSha256, updatedAt: new Date() })
      .where(and(eq(media.tenantId, tenantId), eq(media.id, id), isNull(media.messageId))).returning()
    return row
  },

  /** Stickers of the tenant's chats, newest first, each content once (the reply box's picker). */
  async recentStickers(db: DbOrTx, tenantId: string, limit: number): Promise<MediaRow[]> {
    const recent = await db.select({ id: media.id, sha256: media.sha256 }).from(media)
      .where(and(eq(media.tenantId, tenantId), eq(media.kind, 'sticker'), eq(media.state, 'ready'), isNotNull(media.messageId), isNotNull(media.sha256)))
      .orderBy(desc(media.createdAt)).limit(limit * 10)
    const seen = new Set<string>()
    const ids = recent.filter((r) => !seen.has(r.sha256!) && seen.add(r.sha256!)).slice(0, limit).map((r) => r.id)
    if (!ids.length) return []
    const rows = await db.select().from(media).where(and(eq(media.tenantId, tenantId), inArray(media.id, ids)))
    return ids.map((id) => rows.find((r) => r.id === id)!).filter(Boolean)
  },

  /** Where WhatsApp keeps our upload of an outgoing file (reused if the send is retried). */
  async saveUpload(db: DbOrTx, tenantId: string, id: string, upload: NonNullable<MediaRow['download']>): Promise<void> {
    await db.update(media).set({ download: upload, updatedAt: new Date() }).where(and(eq(media.tenantId, tenantId), eq(media.id, id)))
  },

  async get(db: DbOrTx, tenantId: string, id: string): Promise<MediaRow | undefined> {
    const [row] = await db.select().from(media).where(and(eq(media.tenantId, tenantId), eq(media.id, id)))
    return row
  },

  async forMessages(db: DbOrTx, tenantId: string, messageIds: string[]): Promise<MediaRow[]> {
    if (!messageIds.length) return []
    return db.select().from(media).where(and(eq(media.tenantId, tenantId), inArray(media.messageId, messageIds)))
  },

  async countAttempt(db: DbOrTx, tenantId: string, id: string): Promise<void> {
    await db.update(media).set({ attempts: sql`${media.attempts} + 1`, updatedAt: new Date() }).where(and(eq(media.tenantId, tenantId), eq(media.id, id)))
  },

  async markReady(db: DbOrTx, tenantId: string, id: string, patch: Pick<MediaRow, 'sha256' | 'mime' | 'size'> & Partial<Pick<MediaRow, 'width' | 'height' | 'thumbnailSha256'>>): Promise<MediaRow | undefined> {
    const [row] = await db.update(media).set({ ...patch, state: 'ready', error: null, download: null, readyAt: new Date(), updatedAt: new Date() })
      .where(and(eq(media.tenantId, tenantId), eq(media.id, id))).returning()
    return row
  },

  async markFailed(db: DbOrTx, tenantId: string, id: string, state: 'failed' | 'expired', error: string): Promise<MediaRow | undefined> {
    const [row] = await db.update(media).set({ state, error: error.slice(0, 500), updatedAt: new Date() })
      .where(and(eq(media.tenantId, tenantId), eq(media.id, id), eq(media.state, 'pending'))).returning()
    return row
  },

  /** A newer location for the file (the sender's phone uploaded it again). */
  async updateDownload(db: DbOrTx, tenantId: string, id: string, download: MediaRow['download']): Promise<void> {
    await db.update(media).set({ download, updatedAt: new Date() }).where(and(eq(media.tenantId, tenantId), eq(media.id, id)))
  },

  /** For /metrics: stored bytes per tenant, and files per state over all tenants. */
  async metrics(db: DbOrTx): Promise<{ perTenant: Array<{ tenantId: string; bytes: number }>; states: Array<{ state: string; count: number }> }> {
    const perTenant = await db.execute<{ tenant_id: string; bytes: string }>(sql`
      select tenant_id, coalesce(sum(size), 0)::text as bytes from (
        select distinct on (tenant_id, sha256) tenant_id, sha256, size from ${media} where state = 'ready' and sha256 is not null
      ) d group by tenant_id`)
    const states = await db.execute<{ state: string; count: string }>(sql`select state, count(*)::text as count from ${media} group by state`)
    return {
      perTenant: (perTenant as unknown as Array<{ tenant_id: string; bytes: string }>).map((r) => ({ tenantId: r.tenant_id, bytes: Number(r.bytes) })),
      states: (states as unknown as Array<{ state: string; count: string }>).map((r) => ({ state: r.state, count: Number(r.count) })),
    }
  },

  /** Bytes of ready files per tenant (each distinct file once: the store keeps it once). */
  async usage(db: DbOrTx, tenantId: string): Promise<{ bytes: number; files: number }> {
    const rows = await db.execute<{ bytes: string | null; files: string }>(sql`
      select coalesce(sum(size), 0)::text as bytes, count(*)::text as files from (
        select distinct on (sha256) sha256, size from ${media} where tenant_id = ${tenantId} and state = 'ready' and sha256 is not null
      ) d`)
    const r = (rows as unknown as Array<{ bytes: string | null; files: string }>)[0]
    return { bytes: Number(r?.bytes ?? 0), files: Number(r?.files ?? 0) }
  },

  async forMessage(db: DbOrTx, tenantId: string, messageId: string): Promise<MediaRow | undefined> {
    const [row] = await db.select().from(media).where(and(eq(media.tenantId, tenantId), eq(media.messageId, messageId)))
    return row
  },

  /** Marks the AI's work on the file as started, once (a second caller gets false). */
  async claimUnderstanding(db: DbOrTx, tenantId: string, id: string): Promise<boolean> {
    const rows = await db.update(media).set({ understanding: 'pending', updatedAt: new Date() })
      .where(and(eq(media.tenantId, tenantId), eq(media.id, id), isNull(media.understanding))).returning({ id: media.id })
    return rows.length > 0
  },

  async setUnderstanding(db: DbOrTx, tenantId: string, id: string, patch: Pick<MediaRow, 'understanding'> & Partial<Pick<MediaRow, 'transcript' | 'description'>>): Promise<MediaRow | undefined> {
    const [row] = await db.update(media).set({ ...patch, updatedAt: new Date() }).where(and(eq(media.tenantId, tenantId), eq(media.id, id))).returning()
    return row
  },

  /** Tenants that have or had files (the orphan sweep lists each one's store). */
  async tenantsWithRows(db: DbOrTx): Promise<string[]> {
    const rows = await db.selectDistinct({ tenantId: media.tenantId }).from(media)
    return rows.map((r) => r.tenantId)
  },

  /** Tenants that have stored files (the retention sweep visits each). */
  async tenantsWithFiles(db: DbOrTx): Promise<string[]> {
    const rows = await db.selectDistinct({ tenantId: media.tenantId }).from(media).where(eq(media.state, 'ready'))
    return rows.map((r) => r.tenantId)
  },

  /** Files of the tenant stored before `cutoff` become `deleted` (their rows stay); returns those rows. */
  async expireBefore(db: DbOrTx, tenantId: string, cutoff: Date, limit: number): Promise<MediaRow[]> {
    const due = db.select({ id: media.id }).from(media)
      .where(and(eq(media.tenantId, tenantId), eq(media.state, 'ready'), lt(media.createdAt, cutoff))).orderBy(asc(media.createdAt)).limit(limit)
    return db.update(media).set({ state: 'deleted', error: null, inlineThumbnail: null, updatedAt: new Date() })
      .where(and(eq(media.tenantId, tenantId), inArray(media.id, due))).returning()
  },

  /**
   * Deletes the media rows of these messages (their message is being deleted) and returns the
   * content keys they used, file and thumbnail, for the store clean-up after the commit.
   */
  async deleteForMessages(db: DbOrTx, tenantId: string, messageIds: string[]): Promise<string[]> {
    const keys: string[] = []
    for (let i = 0; i < messageIds.length; i += 1000) {
      const rows = await db.delete(media).where(and(eq(media.tenantId, tenantId), inArray(media.messageId, messageIds.slice(i, i + 1000))))
        .returning({ sha256: media.sha256, thumb: media.thumbnailSha256 })
      for (const r of rows) for (const k of [r.sha256, r.thumb]) if (k) keys.push(k)
    }
    return keys
  },

  /** Which of these content keys a row of the tenant still needs (as its file or its thumbnail). */
  async stillReferenced(db: DbOrTx, tenantId: string, shas: string[]): Promise<Set<string>> {
    if (!shas.length) return new Set()
    const rows = await db.select({ sha256: media.sha256, thumb: media.thumbnailSha256 }).from(media).where(and(
      eq(media.tenantId, tenantId), ne(media.state, 'deleted'),
      or(inArray(media.sha256, shas), inArray(media.thumbnailSha256, shas)),
    ))
    const wanted = new Set(shas)
    return new Set(rows.flatMap((r) => [r.sha256, r.thumb]).filter((s): s is string => s !== null && wanted.has(s)))
  },
}
