// The customer directory the customers module shows: every contact, not only those with a chat,
// with the chat's latest state. Reads and the shop's own edits (name, notes, imported contacts);
// WhatsApp's writes to contacts stay in InboxService.ingest. A name the shop gave is kept when
// the customer's WhatsApp push name differs (contacts.name_locked).
import type { Db, DbOrTx } from '../../db/client.js'
import { notFound } from '../../shared/errors.js'
import { inboxDirectoryRepository, type DirectoryFilter, type DirectoryRow } from './inbox.directory.repository.js'
import type { ContactRow } from './inbox.dto.js'

export type { DirectoryFilter, DirectoryRow }

export class ContactDirectory {
  constructor(private readonly db: Db) {}

  list(tenantId: string, filter: DirectoryFilter): Promise<DirectoryRow[]> {
    return inboxDirectoryRepository.list(this.db, tenantId, filter)
  }

  /** One customer as the list shows them. */
  async one(tenantId: string, id: string): Promise<DirectoryRow> {
    const [row] = await inboxDirectoryRepository.list(this.db, tenantId, { limit: 1 }, id)
    if (!row) throw notFound('contacts.not_found', 'No such customer.')
    return row
  }

  async update(tenantId: string, id: string, patch: { name?: string | null; notes?: string | null }): Promise<ContactRow> {
    const row = await inboxDirectoryRepository.update(this.db, tenantId, id, patch)
    if (!row) throw notFound('contacts.not_found', 'No such customer.')
    return row
  }

  /** The contacts with these numbers (digits, e.g. "6281234567890"), with their chat and its labels. */
  byPhones(tenantId: string, phones: string[]): Promise<Array<{ contact: ContactRow; conversationId: string | null; labelIds: string[] }>> {
    return inboxDirectoryRepository.byPhones(this.db, tenantId, phones)
  }

  /** See inboxDirectoryRepository.lockForDeletion; `tx` is the deleting transaction. */
  lockForDeletion(tenantId: string, target: { contactId: string } | { conversationId: string }, tx: DbOrTx): Promise<{ contactId: string; conversationIds: string[] } | undefined> {
    return inboxDirectoryRepository.lockForDeletion(tx, tenantId, target)
  }

  messageIdsOf(tenantId: string, conversationIds: string[], tx: DbOrTx): Promise<string[]> {
    return inboxDirectoryRepository.messageIdsOf(tx, tenantId, conversationIds)
  }

  /** The contact (with its chats, by cascade) or only the chats, inside the deleting transaction. */
  async remove(tenantId: string, target: { contactId: string } | { conversationIds: string[] }, tx: DbOrTx): Promise<void> {
    if ('contactId' in target) await inboxDirectoryRepository.deleteContact(tx, tenantId, target.contactId)
    else await inboxDirectoryRepository.deleteConversations(tx, tenantId, target.conversationIds)
  }

  /** A contact new to the shop, from an import. */
  add(tenantId: string, c: { phone: string; name: string | null; notes: string | null }): Promise<ContactRow> {
    return inboxDirectoryRepository.insert(this.db, tenantId, c)
  }
}
