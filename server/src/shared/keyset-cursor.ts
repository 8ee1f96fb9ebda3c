// Opaque keyset cursors: (timestamp, id) of the last row of a page, base64url-encoded, so a page
// boundary never skips or repeats rows that share a timestamp.
//
// A cursor comes back from the client, so it is checked as strictly as any input: exactly the
// form encodeCursor writes, a real calendar date, year 1–9999. JavaScript's Date accepts
// '+275760-09-13', '0000-01-01' and negative years, whose ISO strings PostgreSQL refuses (that
// was a 500); February 31st would silently roll over to March.
import { badRequest } from './errors.js'

const ISO_MS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/
const BASE64URL = /^[A-Za-z0-9_-]+$/

export const encodeCursor = (at: Date, id: string) => Buffer.from(`${at.toISOString()}|${id}`).toString('base64url')

export function decodeCursor(cursor: string | undefined): { at: Date; id: string } | undefined {
  if (!cursor) return undefined
  const invalid = () => badRequest('validation.bad_cursor', 'The cursor is not valid.')
  if (!BASE64URL.test(cursor)) throw invalid()
  const parts = Buffer.from(cursor, 'base64url').toString('utf8').split('|')
  const [at, id] = parts
  if (parts.length !== 2 || !at || !id || !ISO_MS.test(at) || !UUID.test(id)) throw invalid()
  const date = new Date(at)
  if (Number.isNaN(date.getTime()) || date.getUTCFullYear() < 1 || date.toISOString() !== at) throw invalid()
  return { at: date, id }
}
