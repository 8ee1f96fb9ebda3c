// Opaque keyset cursors: (timestamp, id) of the last row of a page, base64url-encoded, so a page
// boundary never skips or repeats rows that share a timestamp.
import { badRequest } from '../../shared/errors.js'

export const encodeCursor = (at: Date, id: string) => Buffer.from(`${at.toISOString()}|${id}`).toString('base64url')

export function decodeCursor(cursor: string | undefined): { at: Date; id: string } | undefined {
  if (!cursor) return undefined
  const [at, id] = Buffer.from(cursor, 'base64url').toString('utf8').split('|')
  const date = new Date(at ?? '')
  if (!id || Number.isNaN(date.getTime()) || !/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(id)) {
    throw badRequest('validation.bad_cursor', 'The cursor is not valid.')
  }
  return { at: date, id }
}
