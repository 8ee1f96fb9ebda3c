// The `media` object of a message in the API (docs/API.md, "Media").
import type { MediaLinks } from './media-links.js'
import type { MediaRow } from './media.repository.js'

export interface MediaDto {
  id: string
  kind: MediaRow['kind']
  mime: string | null
  size: number | null
  width: number | null
  height: number | null
  durationMs: number | null
  fileName: string | null
  waveform: number[] | null
  state: MediaRow['state']
  /** Voice notes: the words, when the tenant's provider transcribed them. */
  transcript: string | null
  /** Photos: one sentence from the tenant's vision model, when it is on. */
  description: string | null
  /** How far the AI got with the file: null (nothing asked), pending, done, failed, unavailable. */
  understanding: MediaRow['understanding']
  /** Signed, short-lived; null until there is something to show. */
  url: string | null
  thumbnailUrl: string | null
}

export function toMediaDto(m: MediaRow, links: MediaLinks): MediaDto {
  const ready = m.state === 'ready'
  return {
    id: m.id, kind: m.kind, mime: m.mime, size: m.size, width: m.width, height: m.height, durationMs: m.durationMs, fileName: m.fileName,
    waveform: m.waveform, state: m.state, transcript: m.transcript, description: m.description, understanding: m.understanding,
    url: ready ? links.url(m.tenantId, m.id, 'file') : null,
    thumbnailUrl: (ready && m.thumbnailSha256) || m.inlineThumbnail ? links.url(m.tenantId, m.id, 'thumb') : null,
  }
}
