// Watches PostgreSQL and Redis from this process: a ping every few seconds (and on every /readyz),
// one log line when a dependency goes away and one when it is back (with how long it was gone),
// and the two answers an orchestrator needs:
// - ready: every dependency answered its last ping (route traffic here);
// - alive: the process can still recover by itself. It cannot when a dependency reports it never
//   will (the embedded Redis out of restarts, a closed or broken database client), or when a
//   dependency has been down longer than `unrecoveredAfterMs` — then a restart is the next thing
//   to try. A short outage leaves the process alive: it reconnects on its own.
import type { Logger } from 'pino'
import { OutageLog } from '../../shared/outage-log.js'

export interface Dependency {
  name: string
  ping(): Promise<unknown>
  /** Why it will not come back without a process restart, else undefined. */
  unrecoverable(): string | undefined
  /** Its client already logs its outages once (Redis connections do): no second line here. */
  logsItself?: boolean
}

export interface MonitorOptions {
  logger: Logger
  /** Between background pings (default 2 s). */
  intervalMs?: number
  /** A ping slower than this fails (default 2 s). */
  timeoutMs?: number
  /** Down this long without recovering makes the process not alive; 0 = never (default 300 s). */
  unrecoveredAfterMs?: number
  now?: () => number
}

interface State { downSince: number | undefined; error: string | undefined }

const withTimeout = <T>(p: Promise<T>, ms: number) => {
  let timer: NodeJS.Timeout | undefined
  return Promise.race([p, new Promise<never>((_, reject) => { timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms`)), ms) })])
    .finally(() => clearTimeout(timer))
}

export class HealthService {
  private readonly states = new Map<string, State>()
  private readonly logs = new Map<string, OutageLog | undefined>()
  private timer: NodeJS.Timeout | undefined
  private readonly now: () => number

  constructor(private readonly deps: Dependency[], private readonly opts: MonitorOptions) {
    this.now = opts.now ?? Date.now
    for (const d of deps) {
      this.states.set(d.name, { downSince: undefined, error: undefined })
      this.logs.set(d.name, d.logsItself ? undefined : new OutageLog(opts.logger, d.name))
    }
  }

  start(): void {
    const tick = () => { void this.check().finally(() => { if (this.timer) this.timer = setTimeout(tick, this.opts.intervalMs ?? 2000).unref() }) }
    this.timer = setTimeout(tick, this.opts.intervalMs ?? 2000).unref()
  }

  stop(): void {
    clearTimeout(this.timer)
    this.timer = undefined
  }

  /** Pings every dependency now; 'ok' or the error per dependency. */
  async check(): Promise<Record<string, string>> {
    const results = await Promise.all(this.deps.map(async (d) => {
      try {
        await withTimeout(d.ping(), this.opts.timeoutMs ?? 2000)
        this.record(d.name, undefined)
        return [d.name, 'ok'] as const
      } catch (err) {
        this.record(d.name, err)
        return [d.name, `error: ${(err as Error).message}`] as const
      }
    }))
    return Object.fromEntries(results)
  }

  /** Not alive: the reason the process cannot recover by itself. */
  liveness(): { alive: true } | { alive: false; reason: string } {
    for (const d of this.deps) {
      const reason = d.unrecoverable()
      if (reason) return { alive: false, reason: `${d.name}: ${reason}` }
    }
    const limit = this.opts.unrecoveredAfterMs ?? 300_000
    if (limit > 0) {
      for (const [name, s] of this.states) {
        if (s.downSince !== undefined && this.now() - s.downSince >= limit) {
          return { alive: false, reason: `${name} unreachable for ${Math.round((this.now() - s.downSince) / 1000)} s: ${s.error}` }
        }
      }
    }
    return { alive: true }
  }

  private record(name: string, err: unknown): void {
    const s = this.states.get(name)!
    const log = this.logs.get(name)
    if (err === undefined) {
      s.downSince = undefined
      s.error = undefined
      log?.recovered()
      return
    }
    s.downSince ??= this.now()
    s.error = (err as Error).message
    log?.failed(err)
  }
}
