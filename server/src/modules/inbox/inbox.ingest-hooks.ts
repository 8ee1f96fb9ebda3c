// What the gateway's sessions call for messages, receipts and retries. WhatsApp already has our
// receipt for these messages: nothing would deliver them again, so a brief PostgreSQL or Redis
// outage delays storing them (in order: the socket's events wait) rather than failing it. Ingest
// is idempotent, so a retry after a partial success is safe.
import type { Logger } from '../../shared/logger.js'
import { OutageLog } from '../../shared/outage-log.js'
import { untilAvailable } from '../../shared/until-available.js'
import type { SessionHooks } from '../sessions/sessions.live.js'
import type { InboxService } from './inbox.service.js'

export function ingestHooks(
  inbox: Pick<InboxService, 'ingest' | 'applyReceipts'>, logger: Logger, onConnected: (tenantId: string) => void,
  getOutgoingMessage?: SessionHooks['getOutgoingMessage'],
): SessionHooks {
  const ingestWaits = new OutageLog(logger.child({ module: 'inbox' }), {
    down: 'storing incoming messages waits: PostgreSQL or Redis unavailable (retrying)',
    still: 'storing incoming messages still waits for PostgreSQL or Redis',
    up: 'storing incoming messages again',
  })
  const whenAvailable = async (work: () => Promise<void>) => {
    await untilAvailable(work, { onRetry: (err) => ingestWaits.failed(err) })
    ingestWaits.recovered()
  }
  return {
    onMessages: (tenantId, messages, kind, deviceId) => whenAvailable(async () => { await inbox.ingest(tenantId, messages, kind, deviceId) }),
    onReceipts: (tenantId, updates) => whenAvailable(() => inbox.applyReceipts(tenantId, updates)),
    ...(getOutgoingMessage ? { getOutgoingMessage } : {}),
    onConnected,
  }
}
