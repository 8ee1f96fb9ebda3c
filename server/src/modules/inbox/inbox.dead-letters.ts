// Inbound dead letters: messages the socket delivered that could not be stored (see the
// inbound_dead_letters table). Recording one is the ingest's last resort; the worker retries due
// ones with back-off; owners and admins see the open ones (GET /api/v1/inbox/dead-letters).
// Logs carry the tenant, the WhatsApp id and the error code, never the text or the number.
import type { Logger } from 'pino'
import type { Db } from '../../db/client.js'
import { sqlState } from '../../db/errors.js'
import type { InboundMessage } from '../../adapters/whatsapp/whatsapp.port.js'
import { toStorableText } from '../../shared/validation.js'
import { deadLettersRepository } from './inbox.dead-letters.repository.js'

export type IngestKind = 'live' | 'backlog'
/** What became of one inbound message. */
export type IngestOutcome = 'stored' | 'duplicate' | 'dead_letter'


/** `db.<SQLSTATE>` for a database refusal, else `ingest.<error name>`: never the message text. */
export function ingestErrorCode(err: unknown): string {
  const state = sqlState(err)
  if (state) return `db.${state}`
  const name = err instanceof Error ? err.name : typeof err
  return `ingest.${/^[\w.]{1,40}$/.test(name) ? name : 'error'}`
}

export interface DeadLetterDto {
  id: string
  waId: string
  chatJid: string
  fromMe: boolean
  type: InboundMessage['type']
  /** The start of the text, made storable, so the owner can tell which message it was. */
  preview: string | null
  errorCode: string
  attempts: number
  receivedAt: string
  nextAttemptAt: string
}

function parseRaw(raw: string): InboundMessage {
  const m = JSON.parse(raw) as Omit<InboundMessage, 'timestamp'> & { timestamp: string }
  return { ...m, timestamp: new Date(m.timestamp) }
}

export class InboundDeadLetters {
  constructor(private readonly deps: { db: Db; logger: Logger }) {}

  /** Keeps `m` for a retry (again: attempts + 1 and a later retry). Throws only if the database refuses this too. */
  async record(tenantId: string, m: InboundMessage, kind: IngestKind, err: unknown, deviceId?: string): Promise<void> {
    const errorCode = ingestErrorCode(err)
    const row = await deadLettersRepository.record(this.deps.db, tenantId, {
      waId: toStorableText(m.waId), chatJid: toStorableText(m.chatJid), fromMe: m.fromMe, kind, deviceId: deviceId ?? null,
      // JSON escapes NUL and lone surrogates: the original arrives intact at the retry.
      raw: JSON.stringify(m), errorCode,
    })
    this.deps.logger.error({ tenantId, waId: m.waId, errorCode, attempts: row?.attempts }, 'an inbound message could not be stored; kept as a dead letter for a retry')
  }

  /**
   * Runs `ingest` again for every open dead letter that is due (across tenants: the system
   * retrying its own work; each retry carries its row's tenant). A retry that stores the message,
   * or finds it already stored (WhatsApp redelivered it meanwhile), resolves the row.
   */
  async retryDue(ingest: (tenantId: string, batch: InboundMessage[], kind: IngestKind, deviceId?: string) => Promise<IngestOutcome[]>, opts: { now?: Date; limit?: number } = {}): Promise<{ retried: number; resolved: number }> {
    const now = opts.now ?? new Date()
    const due = await deadLettersRepository.due(this.deps.db, now, opts.limit ?? 100)
    let resolved = 0
    for (const row of due) {
      // A retry arrives late, like an offline backlog: it keeps its own time in the thread.
      // Into the chat of the number it arrived on (a row from before there were several: the first).
      const [outcome] = await ingest(row.tenantId, [parseRaw(row.raw)], 'backlog', row.deviceId ?? undefined).catch(() => ['dead_letter' as const])
      if (outcome === 'dead_letter') continue
      await deadLettersRepository.resolve(this.deps.db, row.tenantId, row.id)
      resolved += 1
      this.deps.logger.info({ tenantId: row.tenantId, waId: row.waId, attempts: row.attempts }, 'a dead-lettered inbound message was stored on retry')
    }
    return { retried: due.length, resolved }
  }

  /** Open dead letters of every tenant, for /metrics (an operator sees them pile up). */
  async openCount(): Promise<number> {
    return deadLettersRepository.openCount(this.deps.db)
  }

  /** The tenant's open dead letters, newest first, and how many there are. */
  async listOpen(tenantId: string, limit = 50): Promise<{ count: number; items: DeadLetterDto[] }> {
    const { count, rows } = await deadLettersRepository.open(this.deps.db, tenantId, limit)
    return {
      count,
      items: rows.map((row) => {
        const m = parseRaw(row.raw)
        return {
          id: row.id, waId: row.waId, chatJid: row.chatJid, fromMe: row.fromMe, type: m.type,
          preview: m.text === null ? null : Array.from(toStorableText(m.text)).slice(0, 200).join(''), errorCode: row.errorCode, attempts: row.attempts,
          receivedAt: (Number.isNaN(m.timestamp.getTime()) ? row.createdAt : m.timestamp).toISOString(), nextAttemptAt: row.nextAttemptAt.toISOString(),
        }
      }),
    }
  }
}
