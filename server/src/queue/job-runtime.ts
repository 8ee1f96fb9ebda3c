// BullMQ wiring for the job registry: producers add typed jobs with deterministic ids; workers get
// exactly one handler per job name — the process refuses to start otherwise. Handlers must be
// idempotent (delivery is at least once); a permanent failure throws UnrecoverableError.
import { Queue, Worker, type ConnectionOptions, type Job } from 'bullmq'
import type { Redis } from 'ioredis'
import type { Logger } from 'pino'
import { JOBS, QUEUE_NAMES, type JobName, type JobPayload } from './jobs.js'

export type JobHandlers = { [N in JobName]: (payload: JobPayload<N>, job: Job) => Promise<void> }

const DEFAULT_OPTS = {
  attempts: 5,
  backoff: { type: 'exponential', delay: 1000 },
  removeOnComplete: { age: 3600, count: 5000 },
  removeOnFail: { age: 7 * 86400, count: 10000 },
} as const

export class JobQueues {
  private readonly queues = new Map<string, Queue>()

  constructor(private readonly connection: Redis, private readonly prefix: string) {
    for (const name of QUEUE_NAMES) this.queues.set(name, new Queue(name, { connection: connection as unknown as ConnectionOptions, prefix: `${prefix}:bull` }))
  }

  async add<N extends JobName>(name: N, payload: JobPayload<N>, opts: { delayMs?: number } = {}): Promise<void> {
    const def = JOBS[name]
    const data = def.payload.parse(payload)
    await this.queues.get(def.queue)!.add(name, data, { ...DEFAULT_OPTS, jobId: def.jobId(data as never), ...(opts.delayMs ? { delay: Math.max(0, opts.delayMs) } : {}) })
  }

  /** Jobs waiting or delayed per queue, for /metrics. */
  async depths(): Promise<Record<string, number>> {
    const out: Record<string, number> = {}
    for (const [name, q] of this.queues) out[name] = await q.count()
    return out
  }

  async close(): Promise<void> { for (const q of this.queues.values()) await q.close() }
}

/** Starts one worker per queue, dispatching by job name. Throws if a job has no handler. */
export function startWorkers(opts: { connect: () => Redis; prefix: string; handlers: Partial<JobHandlers>; concurrency: number; logger: Logger }): { close(): Promise<void> } {
  const missing = (Object.keys(JOBS) as JobName[]).filter((n) => typeof opts.handlers[n] !== 'function')
  if (missing.length) throw new Error(`refusing to start: no handler for job(s) ${missing.join(', ')}`)
  const workers = QUEUE_NAMES.map((queue) => {
    const worker = new Worker(queue, async (job) => {
      const def = JOBS[job.name as JobName]
      if (!def || def.queue !== queue) throw new Error(`unknown job ${job.name} on queue ${queue}`)
      await (opts.handlers[job.name as JobName] as (p: unknown, j: Job) => Promise<void>)(def.payload.parse(job.data), job)
    }, { connection: opts.connect() as unknown as ConnectionOptions, prefix: `${opts.prefix}:bull`, concurrency: opts.concurrency })
    worker.on('failed', (job, err) => opts.logger.warn({ err: err.message, job: job?.name, attempts: job?.attemptsMade }, 'job failed'))
    worker.on('error', (err) => opts.logger.error({ err }, 'worker error'))
    return worker
  })
  return { close: async () => { await Promise.all(workers.map((w) => w.close())) } }
}
