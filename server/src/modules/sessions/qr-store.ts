// The current QR (and pairing code) of a tenant lives in Redis with its expiry, so any API node
// can show it, not only the gateway process that holds the socket.
import type { Redis } from 'ioredis'
import QRCode from 'qrcode'
import type { QrInfo } from './sessions.types.js'

export async function renderQr(code: string, expiresAt: Date): Promise<QrInfo> {
  const svg = await QRCode.toString(code, { type: 'svg', margin: 1, errorCorrectionLevel: 'L' })
  return { code, dataUrl: `data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}`, expiresAt: expiresAt.toISOString() }
}

export class QrStore {
  constructor(private readonly redis: Redis, private readonly prefix: string) {}

  private key(tenantId: string, kind: 'qr' | 'code') { return `${this.prefix}:${kind}:${tenantId}` }

  async setQr(tenantId: string, qr: QrInfo): Promise<void> {
    const ttl = Math.max(1000, new Date(qr.expiresAt).getTime() - Date.now())
    await this.redis.set(this.key(tenantId, 'qr'), JSON.stringify(qr), 'PX', ttl)
  }

  async setPairingCode(tenantId: string, code: string, ttlMs = 180_000): Promise<void> {
    await this.redis.set(this.key(tenantId, 'code'), code, 'PX', ttlMs)
  }

  async get(tenantId: string): Promise<{ qr: QrInfo | null; pairingCode: string | null }> {
    const [qr, code] = await this.redis.mget(this.key(tenantId, 'qr'), this.key(tenantId, 'code'))
    return { qr: qr ? (JSON.parse(qr) as QrInfo) : null, pairingCode: code ?? null }
  }

  async clear(tenantId: string): Promise<void> {
    await this.redis.del(this.key(tenantId, 'qr'), this.key(tenantId, 'code'))
  }
}
