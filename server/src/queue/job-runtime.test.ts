import { describe, expect, it } from 'vitest'
import pino from 'pino'
import { startWorkers } from './job-runtime.js'
import { JOBS } from './jobs.js'

const base = { connect: () => { throw new Error('not reached') }, prefix: 'x', concurrency: 1, logger: pino({ level: 'silent' }) }

describe('job registry', () => {
  it('refuses to start workers when a job has no handler', () => {
    expect(() => startWorkers({ ...base, handlers: { 'inbound.process': async () => {} } })).toThrow(/no handler for job\(s\) followup.fire/)
  })

  it('refuses to start workers with a handler for a job that is not registered', () => {
    const handlers = { 'inbound.process': async () => {}, 'followup.fire': async () => {}, 'conversation.waiting': async () => {}, 'webhook.deliver': async () => {}, 'knowledge.process': async () => {}, 'media.fetch': async () => {}, 'conversation.wake': async () => {}, 'media.understand': async () => {}, 'followup.fyre': async () => {} }
    expect(() => startWorkers({ ...base, handlers })).toThrow(/unknown job\(s\) followup.fyre/)
  })

  it('derives job ids without a colon, which BullMQ refuses', () => {
    const id = '0b6f2a52-7a0e-4a57-9a53-5e8f0f0e4b1c'
    expect(JOBS['inbound.process'].jobId({ tenantId: id, messageId: id })).not.toContain(':')
    expect(JOBS['followup.fire'].jobId({ tenantId: id, followUpId: id })).not.toContain(':')
  })
})
