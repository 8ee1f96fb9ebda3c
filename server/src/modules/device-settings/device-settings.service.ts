// A number's own settings (device-settings module): auto-reply, the follow-up rule, and business
// hours with the away message, each either the number's own or "follow the shop". What the
// pipeline decides with them is read through DeviceOverrides; this is the owner's side: showing
// each group with the values that apply now, and saving a change (audited in its transaction,
// then announced so every process drops its cached copy and dashboards refetch chat headers).
import type { Db } from '../../db/client.js'
import type { Actor } from '../../shared/actor.js'
import type { AiConfigService } from '../ai-config/ai-config.service.js'
import type { AuditService } from '../audit/audit.service.js'
import { sortedHolidays, type AwayService } from '../away/away.service.js'
import type { DeviceListService } from '../sessions/sessions.devices.js'
import { OWN_SETTINGS_GROUPS } from '../sessions/sessions.schemas.js'
import type { DeviceOverrides } from './device-settings.overrides.js'
import { deviceSettingsRepository, type DeviceSettingsPatch, type DeviceSettingsRow } from './device-settings.repository.js'
import type { DeviceSettings, DeviceSettingsBody } from './device-settings.schemas.js'

export interface DeviceSettingsDeps {
  db: Db
  overrides: Pick<DeviceOverrides, 'invalidate'>
  /** The tenant's number, or `device.not_found` (another tenant's, removed, or none). */
  devices: Pick<DeviceListService, 'get'>
  aiConfig: Pick<AiConfigService, 'get'>
  away: Pick<AwayService, 'settings' | 'view'>
  audit: Pick<AuditService, 'record'>
  /** Tells the other processes (they drop their cached overrides) and the dashboards. */
  announce?(tenantId: string): Promise<void>
}

const GROUPS = OWN_SETTINGS_GROUPS

export class DeviceSettingsService {
  constructor(private readonly deps: DeviceSettingsDeps) {}

  async get(tenantId: string, deviceId: string): Promise<DeviceSettings> {
    await this.deps.devices.get(tenantId, deviceId)
    return this.dto(tenantId, deviceId, await deviceSettingsRepository.get(this.deps.db, tenantId, deviceId))
  }

  async save(tenantId: string, deviceId: string, body: DeviceSettingsBody, by: Actor): Promise<DeviceSettings> {
    const device = await this.deps.devices.get(tenantId, deviceId)
    const own = <T extends object>(g: T | { inherit: true }): T | null => ('inherit' in g ? null : g)
    const patch: DeviceSettingsPatch = {
      ...(body.autoReply ? { reply: own(body.autoReply) } : {}),
      ...(body.followUp ? { followUp: own(body.followUp) } : {}),
      ...(body.away ? { away: ((a) => a && { ...a, holidays: sortedHolidays(a.holidays) })(own(body.away)) } : {}),
    }
    const changed = GROUPS.filter((g) => body[g])
    if (!changed.length) return this.get(tenantId, deviceId)
    const row = await this.deps.db.transaction(async (tx) => {
      const saved = await deviceSettingsRepository.save(tx, tenantId, deviceId, patch)
      // Per changed group whether the number now has its own values or follows the shop; the
      // values themselves (an away message's text) stay out of the log.
      const details = Object.fromEntries(changed.map((g) => [g, body[g] && 'inherit' in body[g] ? 'shop' : 'own']))
      await this.deps.audit.record(tenantId, by, [{ action: 'device.settings_updated', targetType: 'device', targetId: deviceId, details: { number: device.name, ...details } }], tx)
      return saved
    })
    this.deps.overrides.invalidate(tenantId)
    await this.deps.announce?.(tenantId)
    return this.dto(tenantId, deviceId, row)
  }

  private async dto(tenantId: string, deviceId: string, row: DeviceSettingsRow | undefined): Promise<DeviceSettings> {
    const config = await this.deps.aiConfig.get(tenantId)
    const shopReply = { autoReply: config.autoReply, replyToComplaints: config.replyToComplaints }
    const shopAway = await this.deps.away.settings(tenantId)
    return {
      deviceId,
      autoReply: { inherit: !row?.reply, value: row?.reply ?? shopReply, shop: shopReply },
      followUp: { inherit: !row?.followUp, value: row?.followUp ?? config.followUp, shop: config.followUp },
      away: { inherit: !row?.away, value: row?.away ? await this.deps.away.view(tenantId, row.away) : shopAway, shop: shopAway },
    }
  }
}
