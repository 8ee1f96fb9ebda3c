/** True for a PostgreSQL unique violation, whichever driver raised it (drizzle wraps it in `cause`). */
export function isUniqueViolation(err: unknown, constraint?: string): boolean {
  for (let e = err as { code?: string; constraint_name?: string; constraint?: string; cause?: unknown; message?: string } | undefined; e; e = e.cause as typeof e) {
    if (e.code === '23505') {
      if (!constraint) return true
      const name = e.constraint_name ?? e.constraint ?? ''
      return name === constraint || (e.message ?? '').includes(constraint)
    }
  }
  return false
}

/** The SQLSTATE of a PostgreSQL error, whichever driver raised it (drizzle wraps it in `cause`). */
export function sqlState(err: unknown): string | undefined {
  for (let e = err as { code?: unknown; cause?: unknown } | undefined; e; e = e.cause as typeof e) {
    if (typeof e.code === 'string' && /^[0-9A-Z]{5}$/.test(e.code)) return e.code
  }
  return undefined
}

/** A row this write points at is gone (e.g. deleted by a concurrent request). */
export const isForeignKeyViolation = (err: unknown): boolean => sqlState(err) === '23503'
