// `message.status`: a message's status change and its event (for dashboards, and for integrators
// as `message.status` / `message.sent` webhooks) commit together, so a crash right after the
// commit cannot lose the webhook (see OutboxPublisher). The chat's last-message status follows.
import type { DbOrTx } from '../../db/client.js'
import type { OutboxPublisher, PublishAfterCommit } from '../realtime/realtime.bus.js'
import type { MessageRow } from './inbox.dto.js'
import { inboxRepository } from './inbox.repository.js'

/** The event as dashboards and webhooks receive it: the reason only when there is one. */
export const statusEvent = (row: MessageRow) => ({ conversationId: row.conversationId, messageId: row.id, status: row.status, ...(row.error ? { error: row.error } : {}) })

/** Inside the transaction that changed `row`'s status; run the result once it committed. */
export async function stageStatus(tx: DbOrTx, bus: Pick<OutboxPublisher, 'stage'>, tenantId: string, row: MessageRow, data: object = statusEvent(row)): Promise<PublishAfterCommit> {
  await inboxRepository.updateConversationStatus(tx, tenantId, row)
  return bus.stage(tx, tenantId, 'message.status', data)
}
