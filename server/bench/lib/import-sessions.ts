// Loads paired Baileys sessions (creds + signal keys, as the simulator's load tool saves them)
// into the product's PostgreSQL store as tenants whose sessions are wanted, so a gateway restores
// them on start exactly as it would after a restart.
import { BufferJSON, type AuthenticationCreds } from '@whiskeysockets/baileys'
import { waCreds, waKeys, waSessions, tenants } from '../../src/db/schema.js'
import type { Db } from '../../src/db/client.js'
import { encodeCreds, encodeKey } from '../../src/adapters/whatsapp/baileys/key-codec.js'
import { newId } from '../../src/shared/ids.js'

export interface SavedSession {
  creds: AuthenticationCreds
  /** type → id → value, as Baileys' key store holds them. */
  keys: Record<string, Record<string, unknown>>
}

/** Parses a session saved with JSON.stringify(…, BufferJSON.replacer). */
export const parseSavedSession = (text: string): SavedSession => JSON.parse(text, BufferJSON.reviver) as SavedSession

/**
 * One tenant per `perTenant` sessions: each session becomes one of the tenant's WhatsApp numbers
 * (the first with device id = tenant id, as the product makes it). Returns the tenant ids.
 */
export async function importSessions(db: Db, sessions: SavedSession[], opts: { perTenant?: number } = {}): Promise<string[]> {
  const perTenant = Math.max(1, opts.perTenant ?? 1)
  const ids: string[] = []
  for (const [i, s] of sessions.entries()) {
    const first = i % perTenant === 0
    if (first) ids.push(newId())
    const tenantId = ids.at(-1)!
    const deviceId = first ? tenantId : newId()
    await db.transaction(async (tx) => {
      if (first) await tx.insert(tenants).values({ id: tenantId, name: `Bench tenant ${ids.length}` })
      const rows = Object.entries(s.keys).flatMap(([type, entries]) =>
        Object.entries(entries).filter(([, v]) => v !== null && v !== undefined).map(([id, value]) => ({ tenantId, deviceId, type, id, value: encodeKey(value) })))
      // The number's row before the keys that reference it.
      await tx.insert(waSessions).values({ id: deviceId, tenantId, name: `Nomor ${(i % perTenant) + 1}`, state: 'disconnected', wanted: true })
      await tx.insert(waCreds).values({ tenantId, deviceId, creds: encodeCreds(s.creds) })
      for (let j = 0; j < rows.length; j += 500) await tx.insert(waKeys).values(rows.slice(j, j + 500))
    })
  }
  return ids
}
