// Stickers as WhatsApp takes them: any PNG, JPEG or still WebP becomes a 512×512 WebP of at most
// 100 KB, fitted (not cropped) with transparent margins; a WebP that already is one is kept byte
// for byte; what cannot be one is refused with a reason.
import { randomBytes } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import sharp from 'sharp'
import { NotStickerError, STICKER_MAX_BYTES, toSticker } from './media.sticker.js'

const noise = (width: number, height: number) => sharp(randomBytes(width * height * 3), { raw: { width, height, channels: 3 } })

describe('toSticker', () => {
  it('fits a wide PNG into a 512×512 WebP with transparent margins', async () => {
    const png = await sharp({ create: { width: 900, height: 300, channels: 3, background: '#ff0000' } }).png().toBuffer()
    const { bytes, converted } = await toSticker(png, 'image/png')
    const meta = await sharp(bytes).metadata()
    expect([converted, meta.format, meta.width, meta.height, meta.hasAlpha]).toEqual([true, 'webp', 512, 512, true])
    const { data, info } = await sharp(bytes).raw().toBuffer({ resolveWithObject: true })
    const alphaAt = (x: number, y: number) => data[(y * info.width + x) * info.channels + 3]
    expect(alphaAt(256, 5)).toBe(0) // the margin above the picture
    expect(alphaAt(256, 256)).toBe(255)
  })

  it('brings a large, busy JPEG photo under 100 KB', async () => {
    const jpeg = await noise(2000, 1500).jpeg({ quality: 95 }).toBuffer()
    expect(jpeg.length).toBeGreaterThan(1_000_000)
    const { bytes } = await toSticker(jpeg, 'image/jpeg')
    expect(bytes.length).toBeLessThanOrEqual(STICKER_MAX_BYTES)
    expect(await sharp(bytes).metadata()).toMatchObject({ format: 'webp', width: 512, height: 512 })
  })

  it('keeps a WebP that already is a sticker byte for byte, and remakes one of the wrong size', async () => {
    const ready = await sharp({ create: { width: 512, height: 512, channels: 4, background: { r: 0, g: 128, b: 255, alpha: 0.5 } } }).webp().toBuffer()
    expect(await toSticker(ready, 'image/webp')).toEqual({ bytes: ready, converted: false })
    const small = await sharp({ create: { width: 64, height: 64, channels: 4, background: '#00ff00' } }).webp().toBuffer()
    expect(await sharp((await toSticker(small, 'image/webp')).bytes).metadata()).toMatchObject({ width: 512, height: 512 })
  })

  it('refuses an animated image, another type, and bytes that are no image', async () => {
    const frame = (background: string) => sharp({ create: { width: 16, height: 16, channels: 4, background } }).png().toBuffer()
    const animated = await sharp([await frame('#ff0000'), await frame('#0000ff')], { join: { animated: true } }).webp().toBuffer()
    expect((await sharp(animated).metadata()).pages).toBe(2)
    await expect(toSticker(animated, 'image/webp')).rejects.toMatchObject({ reason: 'animated' })
    const gif = await sharp({ create: { width: 8, height: 8, channels: 3, background: '#000' } }).gif().toBuffer()
    await expect(toSticker(gif, 'image/gif')).rejects.toBeInstanceOf(NotStickerError)
    await expect(toSticker(gif, 'image/gif')).rejects.toMatchObject({ reason: 'type' })
    await expect(toSticker(Buffer.from('not an image at all'), 'image/png')).rejects.toMatchObject({ reason: 'unreadable' })
  })
})
