// What the device API does for one linked number (device) of a tenant: reads status (database +
// the QR held in Redis) and forwards owner commands to the gateway, checking the state first so
// wrong-state requests get a clear 409. The device list itself (add, rename, remove) is in
// sessions.devices.ts.
import { randomUUID } from 'node:crypto'
import type { Db, DbOrTx } from '../../db/client.js'
import type { Actor } from '../../shared/actor.js'
import type { AuditService } from '../audit/audit.service.js'
import { badRequest, conflict, notFound } from '../../shared/errors.js'
import type { QrStore } from './sessions.qr-store.js'
import { sessionsRepository } from './sessions.repository.js'
import type { DeviceRef, DeviceStatus, SessionControl } from './sessions.types.js'

/** See DeviceService.resolve; also for other modules inside their own transaction. */
export async function resolveDevice(db: DbOrTx, tenantId: string, deviceId?: string, opts: { create?: boolean } = {}): Promise<DeviceRef> {
  if (deviceId !== undefined) {
    const row = await sessionsRepository.get(db, { tenantId, deviceId })
    if (!row || row.deletedAt) throw notFound('device.not_found', 'No such WhatsApp number.')
    return { tenantId, deviceId }
  }
  const first = opts.create === false ? await sessionsRepository.first(db, tenantId) : await sessionsRepository.ensureFirst(db, tenantId)
  // Nothing linked yet and nothing to create: the first device-to-be has the tenant's id.
  return { tenantId, deviceId: first?.id ?? tenantId }
}

export class DeviceService {
  constructor(
    private readonly db: Db,
    private readonly qrStore: QrStore,
    private readonly control: SessionControl,
    private readonly hasCredentials: (deviceId: string) => Promise<boolean>,
    private readonly demo: boolean,
    private readonly audit: Pick<AuditService, 'record'>,
  ) {}

  /**
   * The device a request means: `deviceId` if it is one of the tenant's (else 404, whoever owns
   * it), or the tenant's first device (the /device routes, an integrator send without a
   * deviceId), created when the tenant has none yet unless `create` is false.
   */
  resolve(tenantId: string, deviceId?: string, opts: { create?: boolean } = {}): Promise<DeviceRef> {
    return resolveDevice(this.db, tenantId, deviceId, opts)
  }

  /** True when at least one of the tenant's numbers is connected. */
  async anyConnected(tenantId: string): Promise<boolean> {
    return (await sessionsRepository.list(this.db, tenantId)).some((d) => d.state === 'connected')
  }

  async status(device: DeviceRef): Promise<DeviceStatus> {
    const { deviceId } = device
    const [row, live] = await Promise.all([sessionsRepository.get(this.db, device), this.qrStore.get(deviceId)])
    let state = row?.state ?? 'disconnected'
    // Waiting to be linked, but neither a QR nor a code is live any more (the process that showed
    // it is gone): say so rather than show a spinner that never ends.
    if (state === 'qr' && !live.qr && !live.pairingCode) state = 'disconnected'
    const waiting = state === 'qr'
    // In code mode a QR cannot link this socket: never show one then.
    const mode = !waiting ? null : live.pairingCode ? 'code' : 'qr'
    return {
      deviceId,
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
  async connect(device: DeviceRef): Promise<DeviceStatus> {
    const current = await this.status(device)
    if (current.state === 'connected') throw conflict('device.already_connected', 'WhatsApp is already connected.')
    await this.control.connect(device)
    const deadline = Date.now() + 3000
    let status = await this.status(device)
    while (Date.now() < deadline && status.state !== 'connected' && !status.qr && !['failed', 'logged_out'].includes(status.state)) {
      await new Promise((r) => setTimeout(r, 50))
      status = await this.status(device)
    }
    return status
  }

  async requestPairingCode(device: DeviceRef, phoneNumber: string): Promise<{ code: string }> {
    const digits = phoneNumber.replace(/[\s\-().+]/g, '')
    if (!/^[1-9]\d{7,14}$/.test(digits)) {
      throw badRequest('device.invalid_phone', 'Enter the number with its country code and no leading 0, e.g. 6281234567890.')
    }
    const current = await this.status(device)
    if (current.state === 'connected') throw conflict('device.already_connected', 'WhatsApp is already connected.')
    // Asking again for the same number while its code is live gives that code (a reload, a double tap).
    const live = current.pairingCode
    if (live && live.phoneNumber === digits && new Date(live.expiresAt).getTime() - Date.now() > 30_000) return { code: live.code }
    // One request per device at a time, whichever API node takes it; the others are told so.
    const token = randomUUID()
    if (!(await this.qrStore.lockPairing(device.deviceId, token, 30_000))) {
      throw conflict('device.pairing_in_progress', 'A pairing code is being requested already. Wait a moment, then try again.')
    }
    try {
      return { code: await this.control.requestPairingCode(device, digits) }
    } finally {
      await this.qrStore.unlockPairing(device.deviceId, token)
    }
  }

  /**
   * Disconnecting and logging out are commands to the gateway that holds the socket, not a row
   * written here: the entry is written first (a transaction cannot span the gateway's work, which
   * on the embedded database would wait for it), so an entry that cannot be written stops the
   * command before it starts. A command that then fails still leaves the owner's attempt logged.
   */
  async disconnect(device: DeviceRef, by: Actor): Promise<DeviceStatus> {
    const current = await this.status(device)
    if (!['connected', 'connecting', 'qr'].includes(current.state)) throw conflict('device.not_connected', 'WhatsApp is not connected.')
    await this.audit.record(device.tenantId, by, [{ action: 'device.disconnected', targetType: 'device', targetId: device.deviceId }])
    await this.control.disconnect(device)
    return this.status(device)
  }

  async logout(device: DeviceRef, by: Actor): Promise<DeviceStatus> {
    if (!(await this.hasCredentials(device.deviceId))) throw conflict('device.not_paired', 'No WhatsApp device is linked.')
    await this.audit.record(device.tenantId, by, [{ action: 'device.logged_out', targetType: 'device', targetId: device.deviceId }])
    await this.control.logout(device)
    return this.status(device)
  }
}
