// BullMQ wiring for the job registry: producers add typed jobs with deterministic ids; workers get
// exactly one handler per job name — the process refuses to start otherwise. Handlers must be
// idempotent (delivery is at least once). A permanent failure throws UnrecoverableError; when a
// job fails for good its `onFinalFailure` records a visible failed state before BullMQ keeps it
// in the (bounded) failed set.
import { DelayedError, Queue, UnrecoverableError, Worker, type ConnectionOptions, type Job, type JobsOptions } from 'bullmq'
import type { Redis } from 'ioredis'
import type { Logger } from 'pino'
import { JOBS, QUEUE_NAMES, type JobName, type JobPayload } from './jobs.js'
import { isDependencyUnavailable } from '../shared/dependency-errors.js'
import { OutageLog } from '../shared/outage-log.js'
import { signal } from '../infra/redis-signal.js'

export interface JobContext {
  job: Job
  /**
   * Moves this job back to delayed until `at` (a follow-up that woke too early). `then` runs once
   * the job is in the delayed set, so whatever it tells may wake it early (webhook parking).
   */
  delayUntil(at: Date, then?: () => Promise<void>): Promise<never>
}
export type JobHandler<N extends JobName> = (payload: JobPayload<N>, ctx: JobContext) => Promise<void>
export type JobHandlers = { [N in JobName]: JobHandler<N> }
export type FinalFailureHandlers = { [N in JobName]?: (payload: JobPayload<N>, err: Error) => Promise<void> }

const ATTEMPTS = 5
const defaultOpts = (name: JobName): JobsOptions => {
  const keep = (JOBS[name] as { keepCompleted?: number }).keepCompleted
  return {
    attempts: ATTEMPTS,
    backoff: { type: 'exponential', delay: 1000 },
    removeOnComplete: keep === 0 ? true : { age: 3600, count: keep ?? 5000 },
    removeOnFail: { age: 7 * 86400, count: 10_000 },
  }
}

/** Key prefix of every queue: under the configured Redis prefix, so parallel tests never meet. */
export const bullPrefix = (prefix: string) => `${prefix}:bull`

export class JobQueues {
  private readonly queues = new Map<string, Queue>()

  constructor(private readonly connection: Redis, prefix: string, private readonly logger?: Logger) {
    for (const name of QUEUE_NAMES) {
      const queue = new Queue(name, { connection: connection as unknown as ConnectionOptions, prefix: bullPrefix(prefix) })
      // Without a listener BullMQ prints every connection error to the console. The connection
      // comes from RedisHandle.connect, whose outage log already reports an outage once.
      queue.on('error', (err) => { if (!isDependencyUnavailable(err)) logger?.error({ err, queue: name }, 'job queue error') })
      this.queues.set(name, queue)
    }
  }

  /** `attempts`/`backoffMs` override the defaults (exponential from `backoffMs`, with ±50 % jitter). */
  async add<N extends JobName>(name: N, payload: JobPayload<N>, opts: { delayMs?: number; attempts?: number; backoffMs?: number } = {}): Promise<void> {
    const def = JOBS[name]
    const data = def.payload.parse(payload)
    const delay = Math.max(0, Math.round(opts.delayMs ?? 0))
    // Every job is backed by the database and a sweep that queues it again if it never ran, so
    // while Redis is away adding it must not hold up the caller (see redis-signal.ts).
    await signal(this.connection, () => this.queue(def.queue).add(name, data, {
      ...defaultOpts(name), jobId: (def.jobId as (p: unknown) => string)(data), ...(delay ? { delay } : {}),
      ...(opts.attempts ? { attempts: opts.attempts } : {}),
      ...(opts.backoffMs ? { backoff: { type: 'exponential', delay: opts.backoffMs, jitter: 0.5 } } : {}),
    }), (err) => this.logger?.error({ err, job: name }, 'queueing a job failed'))
  }

  /**
   * Moves delayed jobs to waiting now. A job that is not delayed any more (it woke on its own, or
   * finished) is skipped: waking is a hint, never a second run.
   */
  async promote(queueName: string, jobIds: string[]): Promise<void> {
    const queue = this.queue(queueName)
    await Promise.all(jobIds.map((id) => queue.backend.promote(id).catch(() => undefined)))
  }

  queue(name: string): Queue {
    const q = this.queues.get(name)
    if (!q) throw new Error(`unknown queue ${name}`)
    return q
  }

  /** Jobs waiting, delayed or active per queue, for /metrics. */
  async depths(): Promise<Record<string, number>> {
    const out: Record<string, number> = {}
    for (const [name, q] of this.queues) out[name] = await q.count()
    return out
  }

  async close(): Promise<void> { for (const q of this.queues.values()) await q.close() }
}

export interface WorkerOptions {
  connect: () => Redis
  prefix: string
  handlers: Partial<JobHandlers>
  onFinalFailure?: FinalFailureHandlers
  concurrency: number
  /** Per-queue overrides of `concurrency` (webhooks: many slow receivers at once). */
  queueConcurrency?: Record<string, number>
  /** A running job's lock (renewed at half of it); a dead worker's jobs run again after about this long. */
  lockMs?: number
  logger: Logger
}

/** Starts one worker per queue, dispatching by job name. Throws if a job has no handler. */
export function startWorkers(opts: WorkerOptions): { close(): Promise<void> } {
  const missing = (Object.keys(JOBS) as JobName[]).filter((n) => typeof opts.handlers[n] !== 'function')
  if (missing.length) throw new Error(`refusing to start: no handler for job(s) ${missing.join(', ')}`)
  // One handler per job is guaranteed by the map's shape; a handler for a job nobody registered
  // is a typo or a stale name, and would silently never run.
  const unknown = Object.keys(opts.handlers).filter((n) => !(n in JOBS))
  if (unknown.length) throw new Error(`refusing to start: handler(s) for unknown job(s) ${unknown.join(', ')}`)
  const workers = QUEUE_NAMES.map((queue) => {
    // While Redis is away a worker reports every failed reconnect (its own and its blocking
    // connection's) as an 'error': logged once per outage, with the count when it reconnects.
    const connection = opts.connect()
    const outage = new OutageLog(opts.logger, {
      down: `queue worker ${queue} lost Redis; retrying (further errors are counted until it is back)`,
      still: `queue worker ${queue} still without Redis`,
      up: `queue worker ${queue} reconnected to Redis`,
    })
    connection.on('ready', () => outage.recovered())
    const worker = new Worker(queue, async (job, token) => {
      const name = job.name as JobName
      const def = JOBS[name]
      if (!def || def.queue !== queue) throw new UnrecoverableError(`unknown job ${job.name} on queue ${queue}`)
      const parsed = def.payload.safeParse(job.data)
      if (!parsed.success) throw new UnrecoverableError(`bad payload for ${name}: ${parsed.error.message}`)
      const ctx: JobContext = {
        job,
        delayUntil: async (at, then) => { await job.moveToDelayed(at.getTime(), token); await then?.(); throw new DelayedError() },
      }
      try {
        await (opts.handlers[name] as (p: unknown, c: JobContext) => Promise<void>)(parsed.data, ctx)
      } catch (err) {
        if (err instanceof DelayedError) throw err
        const final = err instanceof UnrecoverableError || job.attemptsMade + 1 >= (job.opts.attempts ?? 1)
        const onFinal = opts.onFinalFailure?.[name] as ((p: unknown, e: Error) => Promise<void>) | undefined
        if (final && onFinal) await onFinal(parsed.data, err as Error).catch((e: unknown) => opts.logger.error({ err: e, job: name }, 'recording a failed job failed'))
        throw err
      }
    }, { connection: connection as unknown as ConnectionOptions, prefix: bullPrefix(opts.prefix), concurrency: opts.queueConcurrency?.[queue] ?? opts.concurrency,
      ...(opts.lockMs ? { lockDuration: opts.lockMs, stalledInterval: opts.lockMs } : {}) })
    // Jobs that fail because a dependency is down are retried with back-off: one line per outage.
    const failing = new OutageLog(opts.logger, {
      down: `jobs on ${queue} failing: PostgreSQL or Redis unavailable; they are retried (further failures are counted)`,
      still: `jobs on ${queue} still failing: PostgreSQL or Redis unavailable`,
      up: `jobs on ${queue} complete again`,
    })
    worker.on('completed', () => failing.recovered())
    worker.on('failed', (job, err) => {
      if (isDependencyUnavailable(err)) failing.failed(err)
      else opts.logger.warn({ err, job: job?.name, attempts: job?.attemptsMade }, 'job failed')
    })
    worker.on('error', (err) => {
      if (isDependencyUnavailable(err)) outage.failed(err)
      else opts.logger.error({ err }, 'worker error')
    })
    return worker
  })
  return { close: async () => { await Promise.all(workers.map((w) => w.close())) } }
}
