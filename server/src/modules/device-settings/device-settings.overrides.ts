// The numbers' overrides as the message pipeline reads them: for every customer message the AI's
// reply decision, the away check and the follow-up rules each ask "does this chat's number do
// anything differently?", so a tenant's rows (a handful) are read once and cached per process.
// A save drops this process's copy at once and `announce` tells the others to drop theirs
// (composition.ts) — which is also what keeps the away check's view of a number's hours current.
import type { Db } from '../../db/client.js'
import { InvalidatingCache } from '../../shared/invalidating-cache.js'
import type { ReplyPolicy } from '../ai-config/ai-config.next-reply.js'
import type { FollowUpRule } from '../ai-config/ai-config.service.js'
import { deviceSettingsRepository, type DeviceSettingsRow } from './device-settings.repository.js'
import type { AwayOverride } from './device-settings.tables.js'
import type { OwnSettingsGroup } from '../sessions/sessions.schemas.js'

const CACHE_TTL_MS = 30_000

export type DeviceOverridesMap = ReadonlyMap<string, DeviceSettingsRow>

export class DeviceOverrides {
  private readonly cache = new InvalidatingCache<DeviceOverridesMap>(CACHE_TTL_MS)

  constructor(private readonly db: Db) {}

  /** Every number of the tenant that overrides something, by device id. */
  all(tenantId: string): Promise<DeviceOverridesMap> {
    return this.cache.get(tenantId, async () => new Map((await deviceSettingsRepository.listForTenant(this.db, tenantId)).map((r) => [r.deviceId, r])))
  }

  /** The number's overrides, or undefined when it follows the shop in everything. */
  async of(tenantId: string, deviceId: string): Promise<DeviceSettingsRow | undefined> {
    return (await this.all(tenantId)).get(deviceId)
  }

  /** The shop's reply policy with the numbers' own auto-reply switches (decideNextReply picks a chat's). */
  async replyPolicy(tenantId: string, shop: ReplyPolicy): Promise<ReplyPolicy> {
    const devices: Record<string, { autoReply: boolean; replyToComplaints: boolean }> = {}
    for (const [deviceId, row] of await this.all(tenantId)) if (row.reply) devices[deviceId] = row.reply
    return Object.keys(devices).length ? { ...shop, devices } : shop
  }

  /** The follow-up rule for a chat of this number: its own, else the shop's. */
  async followUpRule(tenantId: string, deviceId: string, shop: FollowUpRule): Promise<FollowUpRule> {
    return (await this.of(tenantId, deviceId))?.followUp ?? shop
  }

  /** The numbers with their own hours and away message, by device id. */
  async awayByNumber(tenantId: string): Promise<ReadonlyMap<string, AwayOverride>> {
    const own = new Map<string, AwayOverride>()
    for (const [deviceId, row] of await this.all(tenantId)) if (row.away) own.set(deviceId, row.away)
    return own
  }

  /** Per number with any of its own settings, which groups (the device list's marker). */
  async ownGroups(tenantId: string): Promise<ReadonlyMap<string, OwnSettingsGroup[]>> {
    const own = new Map<string, OwnSettingsGroup[]>()
    for (const [deviceId, row] of await this.all(tenantId)) {
      const groups = ([['autoReply', row.reply], ['followUp', row.followUp], ['away', row.away]] as const).filter(([, v]) => v).map(([g]) => g)
      if (groups.length) own.set(deviceId, groups)
    }
    return own
  }

  /** Forgets a tenant's cached overrides (a save here or in another process). */
  invalidate(tenantId: string): void {
    this.cache.invalidate(tenantId)
  }
}
