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
