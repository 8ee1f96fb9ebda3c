// Media in the inbox: durations, file sizes, map links, waveform bars, image boxes and the
// conversation list's preview ("📷 Foto", "🎤 Pesan suara (0:07)", "📄 nota.pdf"). Pure
// functions (no Nuxt), unit-tested in test/unit/media.test.ts.

/** 7000 → "0:07", 75000 → "1:15", 3_725_000 → "1:02:05". */
export function formatDuration(ms: number | null | undefined): string {
  const total = Math.max(0, Math.round((ms ?? 0) / 1000))
  const h = Math.floor(total / 3600)
  const m = Math.floor((total % 3600) / 60)
  const s = String(total % 60).padStart(2, '0')
  return h ? `${h}:${String(m).padStart(2, '0')}:${s}` : `${m}:${s}`
}

/** 1_234_567 → "1,2 MB" (id) / "1.2 MB" (en); null → "". */
export function formatFileSize(bytes: number | null | undefined, locale = 'id'): string {
  if (bytes === null || bytes === undefined || !Number.isFinite(bytes) || bytes < 0) return ''
  const units = ['B', 'KB', 'MB', 'GB']
  let v = bytes
  let i = 0
  while (v >= 1024 && i < units.length - 1) { v /= 1024; i++ }
  const digits = i === 0 || v >= 10 ? 0 : 1
  return `${new Intl.NumberFormat(locale === 'en' ? 'en-GB' : 'id-ID', { maximumFractionDigits: digits, minimumFractionDigits: 0 }).format(v)} ${units[i]}`
}

/** "Buka di Maps": a plain link, no tiles, no key (the phone opens its own maps app). */
export function mapsUrl(latitude: number, longitude: number): string {
  return `https://maps.google.com/?q=${latitude},${longitude}`
}

/**
 * WhatsApp's waveform is 64 values of 0–100; a bubble has room for fewer bars. Averages them into
 * `bars` heights of 0.15–1 (a silent stretch still shows a stub, like WhatsApp); a missing
 * waveform gives a flat row.
 */
export function waveformBars(waveform: number[] | null | undefined, bars = 32): number[] {
  if (!waveform?.length) return Array.from({ length: bars }, () => 0.15)
  const out: number[] = []
  for (let i = 0; i < bars; i++) {
    const from = Math.floor((i * waveform.length) / bars)
    const to = Math.max(from + 1, Math.floor(((i + 1) * waveform.length) / bars))
    const slice = waveform.slice(from, to)
    const avg = slice.reduce((a, b) => a + b, 0) / slice.length
    out.push(Math.min(1, Math.max(0.15, avg / 100)))
  }
  return out
}

/**
 * The box an image takes in a bubble before it loads (so the thread does not jump): its own
 * aspect ratio, at most `maxWidth` wide and `maxHeight` tall; a very tall or very wide photo is
 * cropped to 1:2 / 2:1 like WhatsApp does.
 */
export function imageBox(width: number | null | undefined, height: number | null | undefined, maxWidth = 260, maxHeight = 320): { width: number; height: number } {
  if (!width || !height) return { width: maxWidth, height: Math.round(maxWidth * 0.75) }
  const ratio = Math.min(2, Math.max(0.5, width / height))
  let w = Math.min(maxWidth, width)
  let h = w / ratio
  if (h > maxHeight) { h = maxHeight; w = h * ratio }
  return { width: Math.round(w), height: Math.round(h) }
}

export type PreviewKey = 'photo' | 'video' | 'voice' | 'audio' | 'document' | 'sticker' | 'location' | 'contact' | 'deleted'
export interface ListPreview { icon: string; key: PreviewKey | null; detail: string | null; text: string }

const ICONS: Record<PreviewKey, string> = { photo: '📷', video: '🎥', voice: '🎤', audio: '🎵', document: '📄', sticker: '🖼️', location: '📍', contact: '👤', deleted: '🚫' }

/**
 * What the conversation list shows for a last message: a media icon and a word (translated by the
 * caller from `inbox.preview.<key>`), a voice note's length or a file's name, and the caption if
 * there is one. Plain text has no icon.
 */
export function listPreview(last: { body: string | null; type?: string; media?: { kind: string; durationMs: number | null; fileName: string | null } | null } | null): ListPreview {
  if (!last) return { icon: '', key: null, detail: null, text: '' }
  // Deleted for everyone by its sender: the server keeps none of its words, the list says so.
  if (last.type === 'deleted') return { icon: ICONS.deleted, key: 'deleted', detail: null, text: '' }
  const kind = last.media?.kind ?? null
  const key: PreviewKey | null = kind === 'image' ? 'photo' : kind === 'ptt' ? 'voice' : kind === 'audio' ? 'audio' : kind === 'video' ? 'video'
    : kind === 'document' ? 'document' : kind === 'sticker' ? 'sticker'
      : last.type === 'image' ? 'photo' : last.type === 'audio' ? 'voice' : last.type === 'video' ? 'video' : last.type === 'document' ? 'document'
        : last.type === 'sticker' ? 'sticker' : last.type === 'location' ? 'location' : last.type === 'contact' ? 'contact' : null
  if (!key) return { icon: '', key: null, detail: null, text: last.body ?? '' }
  const fileName = last.media?.fileName ?? null
  const detail = (key === 'voice' || key === 'audio' || key === 'video') && last.media?.durationMs ? formatDuration(last.media.durationMs) : null
  // A document's body is its caption or, without one, its file name: the name is shown once.
  if (key === 'document' && fileName) return { icon: ICONS.document, key: null, detail: null, text: last.body && last.body !== fileName ? `${fileName} · ${last.body}` : fileName }
  return { icon: ICONS[key], key, detail, text: last.body ?? '' }
}
