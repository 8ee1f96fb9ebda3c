// Upgrade tests: a database migrated up to just before one migration, seeded the old way, then
// migrated to the end.
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { MIGRATIONS_DIR } from '../src/db/client.js'

/** A copy of the migrations folder that ends just before the migration whose tag ends with `tagSuffix`. */
export function migrationsBefore(tagSuffix: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'warta-migrations-'))
  cpSync(MIGRATIONS_DIR, dir, { recursive: true })
  const journalPath = join(dir, 'meta', '_journal.json')
  const journal = JSON.parse(readFileSync(journalPath, 'utf8')) as { entries: Array<{ tag: string }> }
  const at = journal.entries.findIndex((e) => e.tag.endsWith(tagSuffix))
  if (at <= 0) throw new Error(`no migration ending in ${tagSuffix} (or it is the first)`)
  writeFileSync(journalPath, JSON.stringify({ ...journal, entries: journal.entries.slice(0, at) }))
  return dir
}
