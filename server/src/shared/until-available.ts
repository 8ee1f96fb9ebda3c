// Retries work that failed only because PostgreSQL or Redis is briefly unreachable, with back-off,
// instead of giving up on it. For work that has no other retry behind it: a customer message that
// WhatsApp already considers delivered exists only in this process (and the spool) until stored.
// Any other error is thrown at once; after `giveUpAfterMs` the last error is thrown too.
import { isDependencyUnavailable } from './dependency-errors.js'

export interface UntilAvailableOptions {
  /** Stop retrying after this long (default 5 min). */
  giveUpAfterMs?: number
  /** First wait; doubles up to `maxDelayMs` (defaults 200 ms, 5 s). */
  firstDelayMs?: number
  maxDelayMs?: number
  /** Called before each wait (log the first one, count the rest). */
  onRetry?: (err: unknown, attempt: number) => void
}

export async function untilAvailable<T>(work: () => Promise<T>, opts: UntilAvailableOptions = {}): Promise<T> {
  const deadline = Date.now() + (opts.giveUpAfterMs ?? 300_000)
  let delay = opts.firstDelayMs ?? 200
  for (let attempt = 1; ; attempt++) {
    try {
      return await work()
    } catch (err) {
      if (!isDependencyUnavailable(err) || Date.now() + delay > deadline) throw err
      opts.onRetry?.(err, attempt)
      await new Promise((r) => setTimeout(r, delay))
      delay = Math.min(delay * 2, opts.maxDelayMs ?? 5000)
    }
  }
}
