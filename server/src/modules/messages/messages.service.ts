// Sending to a phone number for integrators. The text goes through the same outbox as a dashboard
// reply (ordering, retries, a WhatsApp id chosen before sending). An Idempotency-Key is claimed in
// the same transaction that writes the outbox row, so concurrent retries of one request produce
// one message, and every retry answers with it. Its audit entry is written in that transaction too.
import { parsePhoneNumberFromString } from 'libphonenumber-js'
import type { Db } from '../../db/client.js'
import type { Actor } from '../../shared/actor.js'
import type { Clock } from '../../shared/clock.js'
import type { AuditService } from '../audit/audit.service.js'
import { sha256 } from '../../shared/crypto.js'
import type { InboxService } from '../inbox/inbox.service.js'
import type { MessageRow } from '../inbox/inbox.dto.js'
import type { PacingConfig } from '../inbox/inbox.pacing.js'
import { messagesRepository } from './messages.repository.js'
import type { SendMessageBody } from './messages.schemas.js'
import { idempotencyInFlight, idempotencyKeyReused, invalidNumber, messageNotFound, notOnWhatsApp } from './messages.errors.js'

export interface ApiMessageDto {
  id: string; conversationId: string; to: string | null; direction: 'in' | 'out'; type: string; text: string | null; mediaId: string | null
  status: MessageRow['status']; error: string | null; sentBy: MessageRow['sentBy']; createdAt: string; sentAt: string | null
  expectedAt: string | null
}

const toDto = (m: MessageRow, mediaId: string | null = null): ApiMessageDto => {
  const user = m.chatJid.endsWith('@s.whatsapp.net') ? m.chatJid.split('@')[0] : undefined
  return {
    id: m.id, conversationId: m.conversationId, to: user ? `+${user}` : null, direction: m.direction, type: m.type, text: m.body, mediaId,
    status: m.status, error: m.error, sentBy: m.sentBy, createdAt: m.createdAt.toISOString(), sentAt: m.sentAt?.toISOString() ?? null,
    expectedAt: null,
  }
}

/** "+62 812-3456-7890" → "6281234567890"; anything not a valid E.164 number is refused. */
export function e164Digits(input: string): string {
  if (!input.startsWith('+')) throw invalidNumber()
  const parsed = parsePhoneNumberFromString(input)
  if (!parsed?.isValid()) throw invalidNumber()
  return parsed.number.slice(1)
}

export class ApiMessagesService {
  constructor(private readonly deps: {
    db: Db; clock: Clock
    inbox: Pick<InboxService, 'conversationForPhone' | 'enqueueOutgoing' | 'afterOutgoing' | 'message' | 'replyPolicy' | 'outboxPosition' | 'prepareContent' | 'messageDto'>
    pacing: PacingConfig
    audit: Pick<AuditService, 'record'>
    /** The number check (contacts.reachability.ts; typed here to keep modules acyclic). */
    reach?: { lookup(tenantId: string, digits: string[], overBudget: 'refuse'): Promise<Map<string, 'yes' | 'no' | 'unknown'>> }
  }) {}

  async send(tenantId: string, idempotencyKey: string, body: SendMessageBody, by: Actor): Promise<{ message: ApiMessageDto; replayed: boolean }> {
    const digits = e164Digits(body.to)
    const { to: _to, text, deviceId, ...content } = body
    // Text-only sends hash as they always did, so keys claimed before media (or several numbers)
    // existed still match.
    const requestHash = sha256(JSON.stringify({ to: digits, text, ...content, ...(deviceId ? { deviceId } : {}) }))
    // Refused before the outbox: a number without WhatsApp would only fail later, after using a
    // paced slot and a first-contact from the daily cap. Cached, so a retry does not ask again.
    if (this.deps.reach && (await this.deps.reach.lookup(tenantId, [digits], 'refuse')).get(digits) === 'no') throw notOnWhatsApp()
    // Everything inside the transaction runs on its connection: a retry waiting for this key
    // holds a connection too, and a second lookup on the pool could then wait for ever.
    const policy = await this.deps.inbox.replyPolicy(tenantId)
    const prepared = await this.deps.inbox.prepareContent(tenantId, text, content)
    const created = await this.deps.db.transaction(async (tx) => {
      if (!(await messagesRepository.claim(tx, tenantId, idempotencyKey, requestHash, this.deps.clock.now()))) return undefined
      const conversationId = await this.deps.inbox.conversationForPhone(tx, tenantId, digits, deviceId)
      const row = await this.deps.inbox.enqueueOutgoing(tenantId, conversationId, text, 'api', { db: tx, policy, content: prepared })
      await messagesRepository.setMessage(tx, tenantId, idempotencyKey, row!.id)
      // The message's id and the number it left from, never its text. A replay is no new event.
      await this.deps.audit.record(tenantId, by, [{ action: 'message.sent', targetType: 'message', targetId: row!.id, details: { via: 'api' } }], tx)
      return row!
    })
    if (created) {
      await this.deps.inbox.afterOutgoing(tenantId, created)
      return { message: await this.withExpected(tenantId, created), replayed: false }
    }
    const claim = await messagesRepository.get(this.deps.db, tenantId, idempotencyKey)
    if (!claim) throw idempotencyInFlight()
    if (claim.requestHash !== requestHash) throw idempotencyKeyReused()
    const row = claim.messageId ? await this.deps.inbox.message(tenantId, claim.messageId) : undefined
    if (!row) throw idempotencyInFlight()
    return { message: await this.withExpected(tenantId, row), replayed: true }
  }

  /** Forgets Idempotency-Keys older than 48 h (they only matter for 24 h), so the table stays small. */
  async pruneKeys(): Promise<number> {
    return messagesRepository.prune(this.deps.db, new Date(this.deps.clock.now().getTime() - 48 * 3_600_000))
  }

  async get(tenantId: string, id: string): Promise<ApiMessageDto> {
    const row = await this.deps.inbox.message(tenantId, id)
    if (!row) throw messageNotFound()
    return this.withExpected(tenantId, row)
  }

  /**
   * A pending send's expected time: a reply leaves now (its own lane); a paced one after the paced
   * messages ahead of it, at the sustained pace (burst aside, jitter on average: an estimate, shown
   * as one, like a batch's expectedDoneAt); none while its batch is paused or once it left.
   */
  private async withExpected(tenantId: string, row: MessageRow): Promise<ApiMessageDto> {
    const dto = toDto(row, (await this.deps.inbox.messageDto(tenantId, row)).media?.id ?? null)
    if (row.status !== 'pending' || row.direction !== 'out') return dto
    const pos = await this.deps.inbox.outboxPosition(tenantId, row)
    if (pos.paused) return dto
    const gapMs = 60_000 / this.deps.pacing.perMinute + this.deps.pacing.jitterMs / 2
    const now = this.deps.clock.now().getTime()
    return { ...dto, expectedAt: new Date(now + (pos.reply ? 0 : pos.ahead * gapMs)).toISOString() }
  }
}
