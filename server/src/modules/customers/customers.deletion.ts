// Deleting a customer (the contact with its chat) or only their chat: in one transaction the rows
// go — the contact or conversation, and by the foreign keys' cascade its messages, notes, insights,
// follow-ups, labels and media rows — then, after the commit, the media files no other message of
// the tenant still uses are removed from the store (content-addressed per tenant: a photo another
// customer also sent stays). Dashboards hear `conversation.deleted`. The audit entry is written in
// the deleting transaction, with counts only (never names or text): if it cannot be written,
// nothing is deleted.
import type { Db } from '../../db/client.js'
import type { Actor } from '../../shared/actor.js'
import type { AuditService } from '../audit/audit.service.js'
import type { ContactDirectory } from '../inbox/inbox.directory.js'
import type { MediaService } from '../media/media.service.js'
import type { EventPublisher } from '../realtime/realtime.bus.js'
import { notFound } from '../../shared/errors.js'

export interface DeletionCounts { conversations: number; messages: number; files: number }

export interface CustomerDeletionDeps {
  db: Db
  directory: Pick<ContactDirectory, 'lockForDeletion' | 'messageIdsOf' | 'remove'>
  media: Pick<MediaService, 'forgetMessages' | 'unreferencedAmong' | 'removeUnreferenced'>
  bus: EventPublisher
  audit: Pick<AuditService, 'record'>
}

export class CustomerDeletion {
  constructor(private readonly deps: CustomerDeletionDeps) {}

  /** The customer, their chat and everything in it. 404 `contacts.not_found` when the tenant has no such customer. */
  deleteCustomer(tenantId: string, contactId: string, by: Actor): Promise<DeletionCounts> {
    return this.run(tenantId, { contactId }, by, () => notFound('contacts.not_found', 'No such customer.'))
  }

  /** Only the chat and everything in it; the customer (name, number, notes) stays in the list. */
  deleteConversation(tenantId: string, conversationId: string, by: Actor): Promise<DeletionCounts> {
    return this.run(tenantId, { conversationId }, by, () => notFound('inbox.conversation_not_found', 'No such conversation.'))
  }

  private async run(tenantId: string, target: { contactId: string } | { conversationId: string }, by: Actor, missing: () => Error): Promise<DeletionCounts> {
    const { db, directory, media } = this.deps
    const gone = await db.transaction(async (tx) => {
      const chats = await directory.lockForDeletion(tenantId, target, tx)
      if (!chats) throw missing()
      const messageIds = await directory.messageIdsOf(tenantId, chats.conversationIds, tx)
      // Read before the cascade takes the media rows: which files these messages used.
      const files = await media.forgetMessages(tx, tenantId, messageIds)
      await directory.remove(tenantId, 'contactId' in target ? { contactId: chats.contactId } : { conversationIds: chats.conversationIds }, tx)
      // `files`: those no other message uses, removed from the store once this commits.
      const details = { conversations: chats.conversationIds.length, messages: messageIds.length, files: (await media.unreferencedAmong(tx, tenantId, files)).length }
      await this.deps.audit.record(tenantId, by, ['contactId' in target
        ? { action: 'customer.deleted', targetType: 'contact', targetId: target.contactId, details }
        : { action: 'conversation.deleted', targetType: 'conversation', targetId: target.conversationId, details }], tx)
      return { ...chats, messages: messageIds.length, files }
    })
    const removed = await media.removeUnreferenced(tenantId, gone.files)
    for (const conversationId of gone.conversationIds) {
      await this.deps.bus.publish(tenantId, 'conversation.deleted', { conversationId, contactId: gone.contactId, customerDeleted: 'contactId' in target })
    }
    return { conversations: gone.conversationIds.length, messages: gone.messages, files: removed.removed }
  }
}
