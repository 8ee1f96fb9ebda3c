// The tenant's list of WhatsApp numbers (devices): add one (up to the configured limit), rename
// or recolour it, remove it. Removing unlinks the phone and wipes its keys; the row stays, marked
// deleted, so the chats that number had still say which number they were with. Each change writes
// its audit entry in its own transaction (a removal in the one that marks the number unwanted,
// before the phone is unlinked): an entry that cannot be written leaves the number as it was.
import type { Db, DbOrTx } from '../../db/client.js'
import type { Actor } from '../../shared/actor.js'
import type { AuditDetails, AuditService } from '../audit/audit.service.js'
import { conflict, isAppError } from '../../shared/errors.js'
import type { QrStore } from './sessions.qr-store.js'
import { sessionsRepository, type SessionRow } from './sessions.repository.js'
import type { DeviceService } from './sessions.service.js'
import type { DeviceRef, DeviceStatus, SessionControl } from './sessions.types.js'
import { DEVICE_COLOURS, type DeviceColour, type OwnSettingsGroup } from './sessions.schemas.js'

export interface DeviceDto {
  id: string
  name: string
  colour: DeviceColour
  /** The number the /device routes and integrator sends without a deviceId use. */
  first: boolean
  createdAt: string
  status: DeviceStatus
  ownSettings: OwnSettingsGroup[]
}

/** The groups of settings a number has its own values for, by device id (numbers following the shop are absent). */
export type OwnSettingsByDevice = ReadonlyMap<string, readonly OwnSettingsGroup[]>

export class DeviceListService {
  constructor(private readonly deps: {
    db: Db
    device: Pick<DeviceService, 'resolve' | 'status'>
    control: Pick<SessionControl, 'logout' | 'disconnect'>
    wipeCredentials(deviceId: string): Promise<void>
    qrStore: Pick<QrStore, 'clear'>
    maxPerTenant: number
    audit: Pick<AuditService, 'record'>
    /** After a number is removed (the inbox fails what its chats still had to send). */
    onRemoved?(device: DeviceRef): Promise<void>
    /** Which numbers have their own settings (device-settings module): one read for the whole list. */
    ownSettings?(tenantId: string): Promise<OwnSettingsByDevice>
  }) {}

  /** Every tenant has its first number (made on first sight, id = tenant id) so the list is never empty. */
  async list(tenantId: string): Promise<DeviceDto[]> {
    await sessionsRepository.ensureFirst(this.deps.db, tenantId)
    const [rows, own] = await Promise.all([sessionsRepository.list(this.deps.db, tenantId), this.ownSettings(tenantId)])
    return Promise.all(rows.map((row, i) => this.dto(row, i === 0, own)))
  }

  async get(tenantId: string, deviceId: string): Promise<DeviceDto> {
    await this.deps.device.resolve(tenantId, deviceId)
    const [rows, own] = await Promise.all([sessionsRepository.list(this.deps.db, tenantId), this.ownSettings(tenantId)])
    const i = rows.findIndex((r) => r.id === deviceId)
    return this.dto(rows[i]!, i === 0, own)
  }

  async create(tenantId: string, input: { name: string; colour?: DeviceColour | undefined }, by: Actor): Promise<DeviceDto> {
    const row = await this.deps.db.transaction(async (tx) => {
      // Two owners adding at once: the tenant row's lock makes the second count the first's.
      await sessionsRepository.lockTenantDevices(tx, tenantId)
      const existing = await sessionsRepository.list(tx, tenantId)
      if (existing.length >= this.deps.maxPerTenant) {
        throw conflict('device.limit_reached', `This shop can link at most ${this.deps.maxPerTenant} WhatsApp numbers.`)
      }
      const used = new Set(existing.map((d) => d.colour))
      const colour = input.colour ?? DEVICE_COLOURS.find((c) => !used.has(c)) ?? DEVICE_COLOURS[0]
      const created = await sessionsRepository.create(tx, tenantId, { name: input.name, colour })
      await this.audited(tx, tenantId, by, 'device.added', created.id, { name: input.name })
      return created
    })
    return this.get(tenantId, row.id)
  }

  async update(tenantId: string, deviceId: string, patch: { name?: string | undefined; colour?: DeviceColour | undefined }, by: Actor): Promise<DeviceDto> {
    const device = await this.deps.device.resolve(tenantId, deviceId)
    const values = { ...(patch.name !== undefined ? { name: patch.name } : {}), ...(patch.colour !== undefined ? { colour: patch.colour } : {}) }
    if (Object.keys(values).length) {
      await this.deps.db.transaction(async (tx) => {
        await sessionsRepository.update(tx, device, values)
        await this.audited(tx, tenantId, by, 'device.updated', deviceId, { ...values, fields: Object.keys(values).sort().join(',') })
      })
    }
    return this.get(tenantId, deviceId)
  }

  /** Unlinks the number (the phone drops it) and wipes its keys, then hides it. */
  async remove(tenantId: string, deviceId: string, by: Actor): Promise<void> {
    const device = await this.deps.device.resolve(tenantId, deviceId)
    // Not wanted any more first, so no gateway's takeover scan brings it back meanwhile. The
    // removal is decided here: the entry commits with it, and nothing further happens without it.
    await this.deps.db.transaction(async (tx) => {
      await sessionsRepository.update(tx, device, { wanted: false })
      await this.audited(tx, tenantId, by, 'device.removed', deviceId)
    })
    await this.stopSocket(device)
    await this.deps.wipeCredentials(deviceId)
    await this.deps.qrStore.clear(deviceId)
    await sessionsRepository.update(this.deps.db, device, { deletedAt: new Date(), state: 'logged_out', wanted: false, jid: null, lid: null, phone: null, pushName: null })
    await this.deps.onRemoved?.(device)
  }

  private audited(tx: DbOrTx, tenantId: string, by: Actor, action: string, deviceId: string, details: AuditDetails = {}): Promise<void> {
    return this.deps.audit.record(tenantId, by, [{ action, targetType: 'device', targetId: deviceId, details }], tx)
  }

  private async stopSocket(device: DeviceRef): Promise<void> {
    // Logout unlinks a paired phone wherever its socket lives; a socket still showing a QR is only closed.
    const ignore = (codes: string[]) => (err: unknown) => { if (!isAppError(err) || !codes.includes(err.code)) throw err }
    await this.deps.control.logout(device).catch(ignore(['device.not_paired']))
    await this.deps.control.disconnect(device).catch(ignore(['device.not_connected', 'device.not_paired']))
  }

  private async ownSettings(tenantId: string): Promise<OwnSettingsByDevice> {
    return (await this.deps.ownSettings?.(tenantId)) ?? new Map()
  }

  private async dto(row: SessionRow, first: boolean, own: OwnSettingsByDevice): Promise<DeviceDto> {
    return {
      id: row.id, name: row.name, colour: row.colour as DeviceColour, first, createdAt: row.createdAt.toISOString(),
      status: await this.deps.device.status({ tenantId: row.tenantId, deviceId: row.id }),
      ownSettings: [...(own.get(row.id) ?? [])],
    }
  }
}
