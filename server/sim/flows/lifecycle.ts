// Server- and phone-initiated ends of a companion's session, each with the close code Baileys
// reports (sim/PROTOCOL.md §12): 440 replaced, 515 restart, 503 unavailable, 401 removed,
// 403 banned.
import type { SimCore } from '../core.js'
import type { Account, Companion, Connection } from '../directory/types.js'
import { kickStanza, streamError, type KickReason } from '../wire/stanzas.js'

export function kick(core: SimCore, companion: Companion, reason: KickReason): void {
  const conn = companion.conn
  if (!conn) throw new Error(`${companion.jid} is not connected`)
  core.send(conn, kickStanza(reason))
  core.closeSoon(conn)
}

/** The phone removes a linked device: 401 device_removed now, and its next login fails 401. */
export function unlink(core: SimCore, companion: Companion): void {
  companion.account.companions.delete(companion.device)
  companion.offlineQueue.length = 0
  if (companion.conn) {
    core.send(companion.conn, streamError.deviceRemoved())
    core.closeSoon(companion.conn)
  }
  core.emit('unlinked', companion)
}

/** WhatsApp bans the account: live devices get 403 now, logins fail 403 from then on. */
export function ban(core: SimCore, account: Account): void {
  account.banned = true
  for (const c of account.companions.values()) {
    if (!c.conn) continue
    core.send(c.conn, streamError.banned())
    core.closeSoon(c.conn)
  }
}

/** `sock.logout()`: Baileys sends remove-companion-device and closes by itself (401). */
export function companionLogout(core: SimCore, conn: Connection): void {
  const c = conn.companion
  if (c) c.account.companions.delete(c.device)
  core.emit('logout', c)
}
