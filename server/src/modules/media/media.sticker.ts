// What WhatsApp takes as a sticker: a 512×512 WebP of at most 100 KB (a still one; animated
// stickers have other rules and are not made here). A PNG, JPEG or WebP photo is fitted into the
// square (transparent margins, never cropped or stretched) and encoded at falling quality until it
// fits; a WebP that already is a sticker is sent as it is, byte for byte.
import sharp from 'sharp'

export const STICKER_PX = 512
export const STICKER_MAX_BYTES = 100 * 1024
/** What a sticker can be made of (sniffed type). */
const SOURCES = new Set(['image/png', 'image/jpeg', 'image/webp'])
/** Tried in turn: the first that fits under the cap wins. */
const QUALITIES = [80, 60, 40, 25, 10]

export class NotStickerError extends Error {
  constructor(readonly reason: 'type' | 'animated' | 'unreadable' | 'too_large') { super(`cannot make a sticker: ${reason}`) }
}

export const canBeSticker = (mime: string): boolean => SOURCES.has(mime)

/** The sticker made of `bytes` (sniffed as `mime`), or `bytes` themselves when they already are one. */
export async function toSticker(bytes: Buffer, mime: string): Promise<{ bytes: Buffer; converted: boolean }> {
  if (!canBeSticker(mime)) throw new NotStickerError('type')
  let meta
  try { meta = await sharp(bytes, { limitInputPixels: 50_000_000 }).metadata() } catch { throw new NotStickerError('unreadable') }
  if ((meta.pages ?? 1) > 1) throw new NotStickerError('animated')
  if (mime === 'image/webp' && meta.width === STICKER_PX && meta.height === STICKER_PX && bytes.length <= STICKER_MAX_BYTES) return { bytes, converted: false }
  const fitted = await sharp(bytes, { limitInputPixels: 50_000_000 }).rotate()
    .resize(STICKER_PX, STICKER_PX, { fit: 'contain', background: { r: 0, g: 0, b: 0, alpha: 0 } })
    .ensureAlpha().raw().toBuffer({ resolveWithObject: true })
  for (const quality of QUALITIES) {
    const out = await sharp(fitted.data, { raw: fitted.info }).webp({ quality, effort: 4 }).toBuffer()
    if (out.length <= STICKER_MAX_BYTES) return { bytes: out, converted: true }
  }
  throw new NotStickerError('too_large')
}
