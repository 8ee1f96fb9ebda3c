// Device changes made without a live socket (no gateway holds the session): the credentials go
// through the WhatsApp port (they belong to its adapter's store), the session row is ours.
import type { Db } from '../../db/client.js'
import type { WhatsAppPort } from '../../adapters/whatsapp/whatsapp.port.js'
import { sessionsRepository } from './sessions.repository.js'

export async function wipeDeviceState(db: Db, port: Pick<WhatsAppPort, 'wipeCredentials'>, tenantId: string): Promise<void> {
  await port.wipeCredentials(tenantId)
  await sessionsRepository.setState(db, tenantId, 'logged_out', { wanted: false, jid: null, lid: null, phone: null, pushName: null })
}

export async function markDisconnected(db: Db, tenantId: string): Promise<void> {
  await sessionsRepository.setState(db, tenantId, 'disconnected', { wanted: false })
}
