// Every SQL statement of the notes module.
import { and, asc, eq } from 'drizzle-orm'
import type { DbOrTx } from '../../db/client.js'
import { newId } from '../../shared/ids.js'
import { conversationNotes } from './notes.tables.js'

export type NoteRow = typeof conversationNotes.$inferSelect

export const notesRepository = {
  async insert(db: DbOrTx, tenantId: string, note: { conversationId: string; authorId: string; authorName: string; body: string; mentions: string[] }): Promise<NoteRow> {
    const [row] = await db.insert(conversationNotes).values({ id: newId(), tenantId, ...note }).returning()
    return row!
  },

  /** A chat's notes, oldest first (the thread shows them among the messages by time). */
  list(db: DbOrTx, tenantId: string, conversationId: string, limit: number): Promise<NoteRow[]> {
    return db.select().from(conversationNotes)
      .where(and(eq(conversationNotes.tenantId, tenantId), eq(conversationNotes.conversationId, conversationId)))
      .orderBy(asc(conversationNotes.createdAt), asc(conversationNotes.id)).limit(limit)
  },
}
