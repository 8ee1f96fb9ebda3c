// WhatsApp's media encryption, written from the protocol rather than borrowed from Baileys, so the
// simulator checks Baileys instead of agreeing with it by construction (sim/PROTOCOL.md §13a):
// mediaKey (32 random bytes) → HKDF-SHA256 (no salt) expanded to 112 bytes with the per-type info
// "WhatsApp <Kind> Keys"; bytes 0–16 are the IV, 16–48 the AES-256-CBC key, 48–80 the HMAC key.
// The uploaded file is ciphertext ‖ first 10 bytes of HMAC-SHA256(iv ‖ ciphertext);
// fileSha256 hashes the plaintext, fileEncSha256 the whole uploaded file.
import { createCipheriv, createDecipheriv, createHash, createHmac, hkdfSync, randomBytes, timingSafeEqual } from 'node:crypto'

/** WhatsApp's HKDF info per media type (the part between "WhatsApp " and " Keys"). */
const HKDF_INFO: Record<string, string> = {
  image: 'Image', sticker: 'Image', video: 'Video', gif: 'Video', ptv: 'Video',
  audio: 'Audio', ptt: 'Audio', document: 'Document',
  'thumbnail-image': 'Image Thumbnail', 'thumbnail-video': 'Video Thumbnail', 'thumbnail-document': 'Document Thumbnail',
}

export type SimMediaType = 'image' | 'sticker' | 'video' | 'audio' | 'ptt' | 'document'

export interface MediaKeys { iv: Buffer; cipherKey: Buffer; macKey: Buffer }

export function mediaKeys(mediaKey: Uint8Array, type: string): MediaKeys {
  const info = HKDF_INFO[type]
  if (!info) throw new Error(`no media key info for type ${type}`)
  const expanded = Buffer.from(hkdfSync('sha256', mediaKey, Buffer.alloc(0), `WhatsApp ${info} Keys`, 112))
  return { iv: expanded.subarray(0, 16), cipherKey: expanded.subarray(16, 48), macKey: expanded.subarray(48, 80) }
}

export interface EncryptedMedia { mediaKey: Buffer; enc: Buffer; fileSha256: Buffer; fileEncSha256: Buffer; fileLength: number }

export function encryptMedia(plain: Buffer, type: string, mediaKey: Buffer = randomBytes(32)): EncryptedMedia {
  const { iv, cipherKey, macKey } = mediaKeys(mediaKey, type)
  const aes = createCipheriv('aes-256-cbc', cipherKey, iv)
  const cipher = Buffer.concat([aes.update(plain), aes.final()])
  const mac = createHmac('sha256', macKey).update(iv).update(cipher).digest().subarray(0, 10)
  const enc = Buffer.concat([cipher, mac])
  return { mediaKey, enc, fileSha256: sha256(plain), fileEncSha256: sha256(enc), fileLength: plain.length }
}

export class MediaIntegrityError extends Error {}

/** Checks the MAC (and the hashes when given) before decrypting; throws MediaIntegrityError. */
export function decryptMedia(enc: Buffer, mediaKey: Uint8Array, type: string, expect: { fileSha256?: Uint8Array | null; fileEncSha256?: Uint8Array | null } = {}): Buffer {
  if (enc.length < 26) throw new MediaIntegrityError('media file too short')
  if (expect.fileEncSha256 && !sha256(enc).equals(Buffer.from(expect.fileEncSha256))) throw new MediaIntegrityError('fileEncSha256 mismatch')
  const { iv, cipherKey, macKey } = mediaKeys(mediaKey, type)
  const cipher = enc.subarray(0, enc.length - 10)
  const mac = createHmac('sha256', macKey).update(iv).update(cipher).digest().subarray(0, 10)
  if (!timingSafeEqual(mac, enc.subarray(enc.length - 10))) throw new MediaIntegrityError('media MAC mismatch')
  const aes = createDecipheriv('aes-256-cbc', cipherKey, iv)
  const plain = Buffer.concat([aes.update(cipher), aes.final()])
  if (expect.fileSha256 && !sha256(plain).equals(Buffer.from(expect.fileSha256))) throw new MediaIntegrityError('fileSha256 mismatch')
  return plain
}

/** The key that encrypts a media re-upload notification (AES-256-GCM, AAD = message id). */
export function mediaRetryKey(mediaKey: Uint8Array): Buffer {
  return Buffer.from(hkdfSync('sha256', mediaKey, Buffer.alloc(0), 'WhatsApp Media Retry Notification', 32))
}

export function gcmEncrypt(plain: Uint8Array, key: Buffer, iv: Buffer, aad: Buffer): Buffer {
  const c = createCipheriv('aes-256-gcm', key, iv)
  c.setAAD(aad)
  return Buffer.concat([c.update(plain), c.final(), c.getAuthTag()])
}

export function gcmDecrypt(data: Uint8Array, key: Buffer, iv: Uint8Array, aad: Buffer): Buffer {
  const d = createDecipheriv('aes-256-gcm', key, iv)
  d.setAAD(aad)
  d.setAuthTag(Buffer.from(data.subarray(data.length - 16)))
  return Buffer.concat([d.update(data.subarray(0, data.length - 16)), d.final()])
}

export const sha256 = (b: Uint8Array): Buffer => createHash('sha256').update(b).digest()
