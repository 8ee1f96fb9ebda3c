// Device changes made without a live socket (no gateway holds the session): the credentials go
// through the WhatsApp port (they belong to its adapter's store), the session row is ours.
import type { Db } from '../../db/client.js'
import type { WhatsAppPort } from '../../adapters/whatsapp/whatsapp.port.js'
import { sessionsRepository } from './sessions.repository.js'
import type { DeviceRef } from './sessions.types.js'

export async function wipeDeviceState(db: Db, port: Pick<WhatsAppPort, 'wipeCredentials'>, device: DeviceRef): Promise<void> {
  await port.wipeCredentials(device.deviceId)
  await sessionsRepository.setState(db, device, 'logged_out', { wanted: false, jid: null, lid: null, phone: null, pushName: null })
}

export async function markDisconnected(db: Db, device: DeviceRef): Promise<void> {
  await sessionsRepository.setState(db, device, 'disconnected', { wanted: false })
}
