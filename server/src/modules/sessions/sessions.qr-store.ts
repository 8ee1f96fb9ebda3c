// The current QR (and pairing code) of a device lives in Redis with its expiry, so any API node
// can show it, not only the gateway process that holds the socket.
import type { Redis } from 'ioredis'
import QRCode from 'qrcode'
import type { QrInfo } from './sessions.types.js'

export async function renderQr(code: string, expiresAt: Date): Promise<QrInfo> {
  const svg = await QRCode.toString(code, { type: 'svg', margin: 1, errorCorrectionLevel: 'L' })
  return { code, dataUrl: `data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}`, expiresAt: expiresAt.toISOString() }
}

/** A code the owner types on the phone ("Tautkan dengan nomor telepon"), for one number. */
export interface PairingCodeInfo { code: string; phoneNumber: string; expiresAt: string }

// A QR outlives its stated expiry by a moment, so the next one replaces it rather than a gap.
const QR_GRACE_MS = 5_000

export class QrStore {
  constructor(private readonly redis: Redis, private readonly prefix: string) {}

  private key(deviceId: string, kind: 'qr' | 'code') { return `${this.prefix}:${kind}:${deviceId}` }

  async setQr(deviceId: string, qr: QrInfo): Promise<void> {
    const ttl = Math.max(1000, new Date(qr.expiresAt).getTime() - Date.now() + QR_GRACE_MS)
    await this.redis.set(this.key(deviceId, 'qr'), JSON.stringify(qr), 'PX', ttl)
  }

  /** The session is now in pairing-code mode: the code replaces any QR (a QR shown then cannot link). */
  async setPairingCode(deviceId: string, info: PairingCodeInfo): Promise<void> {
    const ttl = Math.max(1000, new Date(info.expiresAt).getTime() - Date.now())
    await this.redis.multi().del(this.key(deviceId, 'qr')).set(this.key(deviceId, 'code'), JSON.stringify(info), 'PX', ttl).exec()
  }

  async get(deviceId: string): Promise<{ qr: QrInfo | null; pairingCode: PairingCodeInfo | null }> {
    const [qr, code] = await this.redis.mget(this.key(deviceId, 'qr'), this.key(deviceId, 'code'))
    return { qr: qr ? (JSON.parse(qr) as QrInfo) : null, pairingCode: code ? (JSON.parse(code) as PairingCodeInfo) : null }
  }

  async clear(deviceId: string): Promise<void> {
    await this.redis.del(this.key(deviceId, 'qr'), this.key(deviceId, 'code'))
  }

  /**
   * One pairing-code request per tenant at a time, across API nodes: true when `token` got the
   * lock. It expires by itself should its holder die.
   */
  async lockPairing(deviceId: string, token: string, ttlMs: number): Promise<boolean> {
    return (await this.redis.set(`${this.prefix}:pair-lock:${deviceId}`, token, 'PX', ttlMs, 'NX')) === 'OK'
  }

  async unlockPairing(deviceId: string, token: string): Promise<void> {
    // Only the holder unlocks (compare and delete in one step).
    await this.redis.eval(`if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end`, 1, `${this.prefix}:pair-lock:${deviceId}`, token)
  }
}
