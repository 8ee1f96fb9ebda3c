// What the device API does: reads status (database + the QR held in Redis) and forwards owner
// commands to the gateway, checking the state first so wrong-state requests get a clear 409.
import { randomUUID } from 'node:crypto'
import type { Db } from '../../db/client.js'
import { badRequest, conflict } from '../../shared/errors.js'
import type { QrStore } from './sessions.qr-store.js'
import { sessionsRepository } from './sessions.repository.js'
import type { DeviceStatus, SessionControl } from './sessions.types.js'

export class DeviceService {
  constructor(
    private readonly db: Db,
    private readonly qrStore: QrStore,
    private readonly control: SessionControl,
    private readonly hasCredentials: (tenantId: string) => Promise<boolean>,
    private readonly demo: boolean,
  ) {}

  async status(tenantId: string): Promise<DeviceStatus> {
    const [row, live] = await Promise.all([sessionsRepository.get(this.db, tenantId), this.qrStore.get(tenantId)])
    let state = row?.state ?? 'disconnected'
    // Waiting to be linked, but neither a QR nor a code is live any more (the process that showed
    // it is gone): say so rather than show a spinner that never ends.
    if (state === 'qr' && !live.qr && !live.pairingCode) state = 'disconnected'
    const waiting = state === 'qr'
    // In code mode a QR cannot link this socket: never show one then.
    const mode = !waiting ? null : live.pairingCode ? 'code' : 'qr'
    return {
      state,
      phone: row?.phone ?? null,
      pushName: row?.pushName ?? null,
      lastError: row?.lastError ?? null,
      lastCloseCode: row?.lastCloseCode ?? null,
      qr: mode === 'qr' ? live.qr : null,
      pairingMode: mode,
      pairingCode: mode === 'code' ? live.pairingCode : null,
      demo: this.demo,
    }
  }

  /** Starts pairing (or reconnecting) and waits briefly for the first QR so the page shows it at once. */
  async connect(tenantId: string): Promise<DeviceStatus> {
    const current = await this.status(tenantId)
    if (current.state === 'connected') throw conflict('device.already_connected', 'WhatsApp is already connected.')
    await this.control.connect(tenantId)
    const deadline = Date.now() + 3000
    let status = await this.status(tenantId)
    while (Date.now() < deadline && status.state !== 'connected' && !status.qr && !['failed', 'logged_out'].includes(status.state)) {
      await new Promise((r) => setTimeout(r, 50))
      status = await this.status(tenantId)
    }
    return status
  }

  async requestPairingCode(tenantId: string, phoneNumber: string): Promise<{ code: string }> {
    const digits = phoneNumber.replace(/[\s\-().+]/g, '')
    if (!/^[1-9]\d{7,14}$/.test(digits)) {
      throw badRequest('device.invalid_phone', 'Enter the number with its country code and no leading 0, e.g. 6281234567890.')
    }
    const current = await this.status(tenantId)
    if (current.state === 'connected') throw conflict('device.already_connected', 'WhatsApp is already connected.')
    // Asking again for the same number while its code is live gives that code (a reload, a double tap).
    const live = current.pairingCode
    if (live && live.phoneNumber === digits && new Date(live.expiresAt).getTime() - Date.now() > 30_000) return { code: live.code }
    // One request per tenant at a time, whichever API node takes it; the others are told so.
    const token = randomUUID()
    if (!(await this.qrStore.lockPairing(tenantId, token, 30_000))) {
      throw conflict('device.pairing_in_progress', 'A pairing code is being requested already. Wait a moment, then try again.')
    }
    try {
      return { code: await this.control.requestPairingCode(tenantId, digits) }
    } finally {
      await this.qrStore.unlockPairing(tenantId, token)
    }
  }

  async disconnect(tenantId: string): Promise<DeviceStatus> {
    const current = await this.status(tenantId)
    if (!['connected', 'connecting', 'qr'].includes(current.state)) throw conflict('device.not_connected', 'WhatsApp is not connected.')
    await this.control.disconnect(tenantId)
    return this.status(tenantId)
  }

  async logout(tenantId: string): Promise<DeviceStatus> {
    if (!(await this.hasCredentials(tenantId))) throw conflict('device.not_paired', 'No WhatsApp device is linked.')
    await this.control.logout(tenantId)
    return this.status(tenantId)
  }
}
