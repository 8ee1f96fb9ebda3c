// What the modules above the inbox read about a chat to make their decisions (the follow-up rules:
// who spoke last and when, what the shop wrote, whose chat it is). Reads only; the inbox's own
// writes go through InboxService.
import type { Db, DbOrTx } from '../../db/client.js'
import { inboxReadRepository } from './inbox.read.repository.js'
import type { ContactRow, MessageRow } from './inbox.dto.js'

export class InboxHistory {
  constructor(private readonly db: Db) {}

  /** The customer's messages (after `after`, if given), newest first. */
  customerMessages(tenantId: string, conversationId: string, after: Date | undefined, limit: number): Promise<Array<{ id: string; at: Date }>> {
    return inboxReadRepository.customerMessages(this.db, tenantId, conversationId, after, limit)
  }

  /** When the shop (a person or the AI, not a nudge) last wrote before `before`. */
  shopWordBefore(tenantId: string, conversationId: string, before: Date): Promise<Date | undefined> {
    return inboxReadRepository.shopWordBefore(this.db, tenantId, conversationId, before)
  }

  /** True when the shop (a person or the AI, not a nudge) wrote after `after`. */
  shopSpokeAfter(tenantId: string, conversationId: string, after: Date): Promise<boolean> {
    return inboxReadRepository.shopSpokeAfter(this.db, tenantId, conversationId, after)
  }

  /** True when the customer wrote after `since`, not counting message `exceptId`. */
  customerWroteAfter(tenantId: string, conversationId: string, since: Date, exceptId: string): Promise<boolean> {
    return inboxReadRepository.customerWroteAfter(this.db, tenantId, conversationId, since, exceptId)
  }

  messageTime(tenantId: string, messageId: string): Promise<Date | undefined> {
    return inboxReadRepository.messageTime(this.db, tenantId, messageId)
  }

  /** What the shop (not a nudge) wrote, newest first. */
  shopTexts(tenantId: string, conversationId: string, limit: number): Promise<string[]> {
    return inboxReadRepository.shopTexts(this.db, tenantId, conversationId, limit)
  }

  /** The contact of each conversation, by conversation id; `db` joins the caller's transaction. */
  async contactsOf(tenantId: string, conversationIds: string[], db: DbOrTx = this.db): Promise<Map<string, ContactRow>> {
    const rows = await inboxReadRepository.contactsOf(db, tenantId, [...new Set(conversationIds)])
    return new Map(rows.map((r) => [r.conversationId, r.contact]))
  }

  /** The newest later message of the conversation a customer or a person wrote, if any. */
  laterTurn(tenantId: string, message: MessageRow): Promise<{ direction: 'in' | 'out' } | undefined> {
    return inboxReadRepository.laterTurn(this.db, tenantId, message)
  }

  /** True when a message written by `sentBy` answers message `messageId`. */
  hasReplyBy(tenantId: string, messageId: string, sentBy: MessageRow['sentBy']): Promise<boolean> {
    return inboxReadRepository.hasReplyBy(this.db, tenantId, messageId, sentBy)
  }

  /** Ids of the customer's messages written after `after`; `db` joins the caller's transaction. */
  customerMessageIdsAfter(tenantId: string, conversationId: string, after: Date, db: DbOrTx = this.db): Promise<string[]> {
    return inboxReadRepository.customerMessageIdsAfter(db, tenantId, conversationId, after)
  }

  /** Customer messages with text and no error written in the window, oldest first after `after` (every tenant). */
  customerMessagesBetween(newerThan: Date, olderThan: Date, after: { at: Date; id: string } | undefined, limit: number): Promise<Array<{ tenantId: string; id: string; at: Date }>> {
    return inboxReadRepository.customerMessagesBetween(this.db, newerThan, olderThan, after, limit)
  }
}
