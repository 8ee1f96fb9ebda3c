// The audit log: who did what in a tenant and when — replies and API sends, take-overs, assignment
// and status changes, notes, settings, API keys, teammates, webhooks, the shop's numbers and
// deletions. Every entry is written inside the transaction of the change it records, so the two
// commit together or not at all (never done but unaudited, never an entry for a change rolled
// back): a chat's team changes and replies through the inbox's `chat.changed` event, the team
// inbox settings through `team_settings.changed` (composition.ts), every other module by calling
// `record` with its transaction. Disconnecting and logging out a number are commands to the
// gateway, not rows: their entry is written just before the command (sessions.service.ts).
// Entries carry ids, setting names and counts, never message text or secrets.
import type { Db, DbOrTx } from '../../db/client.js'
import type { Actor } from '../../shared/actor.js'
import type { Clock } from '../../shared/clock.js'
import type { AuthService } from '../auth/auth.service.js'
import { decodeCursor, encodeCursor } from '../../shared/keyset-cursor.js'
import { auditRepository, type AuditFilter, type AuditRow } from './audit.repository.js'

export type AuditDetails = Record<string, string | number | boolean | null>
export interface AuditEntry { action: string; targetType?: string | undefined; targetId?: string | undefined; details?: AuditDetails }
/** A person (their user id), an API key (its id) acting for the tenant, or the system. */
export type AuditActor = Actor

export interface AuditEventDto {
  id: string; at: string; actor: { type: 'user' | 'api_key' | 'system'; id: string | null; name: string | null }
  action: string; target: { type: string; id: string } | null; details: AuditDetails
}

const toDto = (r: AuditRow): AuditEventDto => ({
  id: r.id, at: r.createdAt.toISOString(), actor: { type: r.actorType, id: r.actorId, name: r.actorName },
  action: r.action, target: r.targetType && r.targetId ? { type: r.targetType, id: r.targetId } : null, details: r.details,
})

export interface AuditDeps { db: Db; clock: Clock; members: Pick<AuthService, 'member'> }

export class AuditService {
  constructor(private readonly deps: AuditDeps) {}

  /** Writes the entries — with `db`, inside the caller's transaction, so they stand or fall with the change. */
  async record(tenantId: string, actor: AuditActor, entries: AuditEntry[], db: DbOrTx = this.deps.db): Promise<void> {
    if (!entries.length) return
    // The name as it is now: the entry keeps it after the teammate is renamed or removed.
    const name = actor.type === 'user' ? (await this.deps.members.member(tenantId, actor.userId, db))?.name ?? null : null
    const createdAt = this.deps.clock.now()
    const actorId = actor.type === 'user' ? actor.userId : actor.type === 'api_key' ? actor.keyId : null
    await auditRepository.insert(db, entries.map((e) => ({
      tenantId, actorType: actor.type, actorId, actorName: name,
      action: e.action, targetType: e.targetType ?? null, targetId: e.targetId ?? null, details: e.details ?? {}, createdAt,
    })))
  }

  async list(tenantId: string, q: Omit<AuditFilter, 'cursor'> & { cursor?: string | undefined }): Promise<{ items: AuditEventDto[]; nextCursor: string | null }> {
    const rows = await auditRepository.list(this.deps.db, tenantId, { ...q, cursor: decodeCursor(q.cursor), limit: q.limit + 1 })
    const page = rows.slice(0, q.limit)
    const last = page.at(-1)
    return { items: page.map(toDto), nextCursor: rows.length > q.limit && last ? encodeCursor(last.createdAt, last.id) : null }
  }
}
