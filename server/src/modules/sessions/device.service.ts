// What the device API does: reads status (database + the QR held in Redis) and forwards owner
// commands to the gateway, checking the state first so wrong-state requests get a clear 409.
import type { Db } from '../../db/client.js'
import { badRequest, conflict } from '../../shared/errors.js'
import type { QrStore } from './qr-store.js'
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
    const state = row?.state ?? 'disconnected'
    const waiting = state === 'qr'
    return {
      state,
      phone: row?.phone ?? null,
      pushName: row?.pushName ?? null,
      lastError: row?.lastError ?? null,
      lastCloseCode: row?.lastCloseCode ?? null,
      qr: waiting ? live.qr : null,
      pairingCode: waiting ? live.pairingCode : null,
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
    return { code: await this.control.requestPairingCode(tenantId, digits) }
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
