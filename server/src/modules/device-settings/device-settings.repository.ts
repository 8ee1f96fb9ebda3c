// device_settings rows: a number's overrides of the shop's settings. Every function takes the
// tenant id first; a shop has a handful of numbers, so "all of a tenant's rows" is a small read.
import { and, eq } from 'drizzle-orm'
import type { DbOrTx } from '../../db/client.js'
import { deviceSettings } from './device-settings.tables.js'

export type DeviceSettingsRow = typeof deviceSettings.$inferSelect
/** The three groups; undefined leaves a group as it is, null makes it follow the shop again. */
export type DeviceSettingsPatch = Partial<Pick<DeviceSettingsRow, 'reply' | 'followUp' | 'away'>>

export const deviceSettingsRepository = {
  async listForTenant(db: DbOrTx, tenantId: string): Promise<DeviceSettingsRow[]> {
    return db.select().from(deviceSettings).where(eq(deviceSettings.tenantId, tenantId))
  },

  async get(db: DbOrTx, tenantId: string, deviceId: string): Promise<DeviceSettingsRow | undefined> {
    const [row] = await db.select().from(deviceSettings).where(and(eq(deviceSettings.tenantId, tenantId), eq(deviceSettings.deviceId, deviceId)))
    return row
  },

  async save(db: DbOrTx, tenantId: string, deviceId: string, patch: DeviceSettingsPatch): Promise<DeviceSettingsRow> {
    const updatedAt = new Date()
    const [row] = await db.insert(deviceSettings).values({ tenantId, deviceId, ...patch, updatedAt })
      .onConflictDoUpdate({ target: [deviceSettings.tenantId, deviceSettings.deviceId], set: { ...patch, updatedAt } }).returning()
    return row!
  },
}
