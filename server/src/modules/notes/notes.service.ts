// Internal notes: what staff tell each other inside a chat. Stored apart from messages (see
// notes.tables.ts), announced only as `note.created` on the dashboards' socket — never in the
// outbox and never as a webhook `message.*` event. A note may @mention teammates, who are told.
import type { Db } from '../../db/client.js'
import type { Actor } from '../../shared/actor.js'
import { AppError, notFound } from '../../shared/errors.js'
import type { EventPublisher } from '../realtime/realtime.bus.js'
import type { AuthService } from '../auth/auth.service.js'
import type { InboxService } from '../inbox/inbox.service.js'
import type { AuditService } from '../audit/audit.service.js'
import { notesRepository, type NoteRow } from './notes.repository.js'

export interface NoteDto { id: string; conversationId: string; authorId: string | null; authorName: string; body: string; mentions: string[]; createdAt: string }

const toNoteDto = (n: NoteRow): NoteDto => ({
  id: n.id, conversationId: n.conversationId, authorId: n.authorId, authorName: n.authorName, body: n.body, mentions: n.mentions, createdAt: n.createdAt.toISOString(),
})

/** A chat shows at most this many notes (notes are a side channel, not a second thread). */
const MAX_NOTES = 500

export interface NotesDeps {
  db: Db
  bus: EventPublisher
  inbox: Pick<InboxService, 'conversation'>
  members: Pick<AuthService, 'member'>
  /** The note and its audit entry are one transaction: never written but unaudited. */
  audit: Pick<AuditService, 'record'>
}

export class NotesService {
  constructor(private readonly deps: NotesDeps) {}

  async list(tenantId: string, conversationId: string): Promise<{ items: NoteDto[] }> {
    await this.mustExist(tenantId, conversationId)
    return { items: (await notesRepository.list(this.deps.db, tenantId, conversationId, MAX_NOTES)).map(toNoteDto) }
  }

  async create(tenantId: string, authorId: string, conversationId: string, input: { body: string; mentions: string[] }, by: Actor = { type: 'user', userId: authorId }): Promise<NoteDto> {
    await this.mustExist(tenantId, conversationId)
    const author = await this.deps.members.member(tenantId, authorId)
    if (!author) throw new AppError('notes.author_not_member', 'Only a teammate can write notes.', 422)
    const mentions = [...new Set(input.mentions)].filter((id) => id !== authorId)
    for (const id of mentions) {
      // Scoped by tenant: someone of another shop is refused like a removed teammate.
      if (!(await this.deps.members.member(tenantId, id))) throw new AppError('notes.mention_not_member', 'You can only mention people on your team.', 422)
    }
    const row = await this.deps.db.transaction(async (tx) => {
      const inserted = await notesRepository.insert(tx, tenantId, { conversationId, authorId, authorName: author.name, body: input.body, mentions })
      await this.deps.audit.record(tenantId, by, [{ action: 'note.created', targetType: 'conversation', targetId: conversationId, details: { noteId: inserted.id, mentions: mentions.length } }], tx)
      return inserted
    })
    const note = toNoteDto(row)
    // Every dashboard shows the note; the mentioned teammates' dashboards also notify them.
    await this.deps.bus.publish(tenantId, 'note.created', { note })
    return note
  }

  private async mustExist(tenantId: string, conversationId: string): Promise<void> {
    if (!(await this.deps.inbox.conversation(tenantId, conversationId))) throw notFound('inbox.conversation_not_found', 'No such conversation.')
  }
}
