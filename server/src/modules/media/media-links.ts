// Short-lived signed links for media: an <img> or <audio> element cannot send a bearer token, so
// the link itself carries the right to one file of one tenant until it expires. HMAC-SHA256 over
// tenant, media id, variant and expiry, with a key derived from the server secret for this purpose
// only. Tokens never appear in these URLs; a leaked link opens one file for minutes.
import { createHmac, hkdfSync, timingSafeEqual } from 'node:crypto'

export type MediaVariant = 'file' | 'thumb'

export class MediaLinks {
  private readonly key: Buffer

  constructor(secretKey: Buffer, private readonly ttlSeconds: number, private readonly now: () => number = Date.now) {
    this.key = Buffer.from(hkdfSync('sha256', secretKey, Buffer.alloc(0), 'warta media links v1', 32))
  }

  private sig(tenantId: string, mediaId: string, variant: MediaVariant, exp: number): string {
    return createHmac('sha256', this.key).update(`${tenantId}\n${mediaId}\n${variant}\n${exp}`).digest('base64url')
  }

  /** A path under /api/v1 (the caller prefixes it). */
  url(tenantId: string, mediaId: string, variant: MediaVariant): string {
    const exp = Math.floor(this.now() / 1000) + this.ttlSeconds
    const q = new URLSearchParams({ t: tenantId, exp: String(exp), sig: this.sig(tenantId, mediaId, variant, exp) })
    return `/api/v1/media/${mediaId}/${variant === 'file' ? 'content' : 'thumbnail'}?${q}`
  }

  /** 'ok', 'expired' or 'invalid' (wrong signature, other tenant, other file, other variant). */
  check(q: { t: string; exp: number; sig: string }, mediaId: string, variant: MediaVariant): 'ok' | 'expired' | 'invalid' {
    const want = Buffer.from(this.sig(q.t, mediaId, variant, q.exp))
    const got = Buffer.from(q.sig)
    if (want.length !== got.length || !timingSafeEqual(want, got)) return 'invalid'
    return q.exp * 1000 < this.now() ? 'expired' : 'ok'
  }
}
