// One log line per outage instead of one per failed attempt. A client that retries every few
// hundred milliseconds (ioredis reconnecting, a BullMQ worker polling) would otherwise print the
// same error hundreds of times while a dependency is down, burying everything else. The first
// failure is logged, later ones are counted (with a reminder now and then for a long outage), and
// the end of the outage is logged once with how long it lasted and how many failures it hid.
import type { Logger } from 'pino'

export interface OutageLogOptions {
  /** A reminder line while an outage lasts longer than this (default 60 s). */
  remindEveryMs?: number
  /**
   * recovered() ends the outage only once this long has passed without a failure (default 0).
   * For signals that mix successes into an outage (requests that do not need the missing
   * dependency still succeed), so one outage stays one line instead of flapping.
   */
  settleMs?: number
  now?: () => number
}

export interface OutageLines { down: string; still: string; up: string }

/** The lines for a dependency named `what` ("redis"). */
export const dependencyLines = (what: string): OutageLines => ({
  down: `${what} unreachable; retrying (further errors are counted until it is back)`,
  still: `${what} still unreachable`,
  up: `${what} reachable again`,
})

export class OutageLog {
  private since: number | undefined
  private failures = 0
  private lastReminder = 0
  private lastFailure = 0
  private readonly remindEveryMs: number
  private readonly settleMs: number
  private readonly now: () => number

  /** `what` is a dependency's name ("redis") or the three lines to print. */
  private readonly lines: OutageLines

  constructor(private readonly logger: Logger, what: string | OutageLines, opts: OutageLogOptions = {}) {
    this.lines = typeof what === 'string' ? dependencyLines(what) : what
    this.remindEveryMs = opts.remindEveryMs ?? 60_000
    this.settleMs = opts.settleMs ?? 0
    this.now = opts.now ?? Date.now
  }

  get down(): boolean { return this.since !== undefined }

  failed(err: unknown): void {
    const now = this.now()
    this.failures += 1
    this.lastFailure = now
    if (this.since === undefined) {
      this.since = now
      this.lastReminder = now
      this.logger.warn({ err }, this.lines.down)
      return
    }
    if (now - this.lastReminder >= this.remindEveryMs) {
      this.lastReminder = now
      this.logger.warn({ err, downMs: now - this.since, failures: this.failures }, this.lines.still)
    }
  }

  recovered(): void {
    if (this.since === undefined) return
    if (this.settleMs && this.now() - this.lastFailure < this.settleMs) return
    this.logger.info({ downMs: this.now() - this.since, failures: this.failures }, this.lines.up)
    this.since = undefined
    this.failures = 0
  }

  /** Forgets an outage without a recovery line (its clients were closed on purpose). */
  reset(): void {
    this.since = undefined
    this.failures = 0
  }
}
