import { describe, expect, it } from 'vitest'
import pino from 'pino'
import { startWorkers } from './job-runtime.js'

describe('job registry', () => {
  it('refuses to start workers when a job has no handler', () => {
    expect(() => startWorkers({ connect: () => { throw new Error('not reached') }, prefix: 'x', handlers: { 'inbound.process': async () => {} }, concurrency: 1, logger: pino({ level: 'silent' }) }))
      .toThrow(/no handler for job\(s\) followup.fire/)
  })
})
