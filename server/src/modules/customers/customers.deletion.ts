// Deleting a customer (the contact with its chat) or only their chat: in one transaction the rows
// go — the contact or conversation, and by the foreign keys' cascade its messages, notes, insights,
// follow-ups, labels and media rows — then, after the commit, the media files no other message of
// the tenant still uses are removed from the store (content-addressed per tenant: a photo another
// customer also sent stays). Dashboards hear `conversation.deleted`; the audit entry is written by
// audit.http-hook.ts from the counts this returns (never names or text).
import type { Db } from '../../db/client.js'
import type { ContactDirectory } from '../inbox/inbox.directory.js'
import type { MediaService } from '../media/media.service.js'
import type { EventPublisher } from '../realtime/realtime.bus.js'
import { notFound } from '../../shared/errors.js'

export interface DeletionCounts { conversations: number; messages: number; files: number }

export interface CustomerDeletionDeps {
  db: Db
  directory: Pick<ContactDirectory, 'lockForDeletion' | 'messageIdsOf' | 'remove'>
  media: Pick<MediaService, 'forgetMessages' | 'removeUnreferenced'>
  bus: EventPublisher
}

export class CustomerDeletion {
  constructor(private readonly deps: CustomerDeletionDeps) {}

  /** The customer, their chat and everything in it. 404 `contacts.not_found` when the tenant has no such customer. */
  deleteCustomer(tenantId: string, contactId: string): Promise<DeletionCounts> {
    return this.run(tenantId, { contactId }, () => notFound('contacts.not_found', 'No such customer.'))
  }

  /** Only the chat and everything in it; the customer (name, number, notes) stays in the list. */
  deleteConversation(tenantId: string, conversationId: string): Promise<DeletionCounts> {
    return this.run(tenantId, { conversationId }, () => notFound('inbox.conversation_not_found', 'No such conversation.'))
  }

  private async run(tenantId: string, target: { contactId: string } | { conversationId: string }, missing: () => Error): Promise<DeletionCounts> {
    const { db, directory, media } = this.deps
    const gone = await db.transaction(async (tx) => {
      const chats = await directory.lockForDeletion(tenantId, target, tx)
      if (!chats) throw missing()
      const messageIds = await directory.messageIdsOf(tenantId, chats.conversationIds, tx)
      // Read before the cascade takes the media rows: which files these messages used.
      const files = await media.forgetMessages(tx, tenantId, messageIds)
      await directory.remove(tenantId, 'contactId' in target ? { contactId: chats.contactId } : { conversationIds: chats.conversationIds }, tx)
      return { ...chats, messages: messageIds.length, files }
    })
    const removed = await media.removeUnreferenced(tenantId, gone.files)
    for (const conversationId of gone.conversationIds) {
      await this.deps.bus.publish(tenantId, 'conversation.deleted', { conversationId, contactId: gone.contactId, customerDeleted: 'contactId' in target })
    }
    return { conversations: gone.conversationIds.length, messages: gone.messages, files: removed.removed }
  }
}
