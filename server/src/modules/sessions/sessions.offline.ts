// Device changes made without a live socket (no gateway holds the session): database only.
import { eq } from 'drizzle-orm'
import type { Db } from '../../db/client.js'
import { waCreds, waKeys } from './sessions.tables.js'
import { sessionsRepository } from './sessions.repository.js'

export async function wipeDeviceState(db: Db, tenantId: string): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.delete(waKeys).where(eq(waKeys.tenantId, tenantId))
    await tx.delete(waCreds).where(eq(waCreds.tenantId, tenantId))
    await sessionsRepository.setState(tx, tenantId, 'logged_out', { wanted: false, jid: null, lid: null, phone: null, pushName: null })
  })
}

export async function markDisconnected(db: Db, tenantId: string): Promise<void> {
  await sessionsRepository.setState(db, tenantId, 'disconnected', { wanted: false })
}
