import { describe, expect, it } from 'vitest'
import { backoffMs, decideOnClose, MAX_FAILURES } from './sessions.close-policy.js'

const ctx = (code: number, extra: Partial<Parameters<typeof decideOnClose>[0]> = {}) =>
  decideOnClose({ code, failures: 0, replacedCount: 0, pairing: false, random: () => 0.5, ...extra })

describe('close policy', () => {
  it('reconnects at once after 515 restart-required', () => {
    expect(ctx(515)).toEqual({ kind: 'reconnect-now' })
  })

  it('stops and wipes keys on 401, stops without wiping on 403, 411 and 419', () => {
    expect(ctx(401)).toMatchObject({ kind: 'stop', state: 'logged_out', wipeKeys: true })
    expect(ctx(403)).toMatchObject({ kind: 'stop', state: 'failed', wipeKeys: false })
    expect(ctx(411)).toMatchObject({ kind: 'stop', wipeKeys: false })
    expect(ctx(419)).toMatchObject({ kind: 'stop', wipeKeys: false })
  })

  it('retries 440 once, then flags a duplicate owner', () => {
    expect(ctx(440)).toMatchObject({ kind: 'retry' })
    expect(ctx(440, { replacedCount: 1 })).toMatchObject({ kind: 'stop', state: 'failed', error: expect.stringContaining('duplicate owner') })
  })

  it('backs off 1 s to 60 s with jitter and fails after 20 in a row', () => {
    expect(ctx(428)).toEqual({ kind: 'retry', delayMs: 1000 })
    expect(ctx(503, { failures: 3 })).toEqual({ kind: 'retry', delayMs: 8000 })
    expect(ctx(500, { failures: 12 })).toEqual({ kind: 'retry', delayMs: 60_000 })
    expect(ctx(428, { failures: MAX_FAILURES - 1 })).toMatchObject({ kind: 'stop', state: 'failed' })
    const delays = new Set(Array.from({ length: 50 }, () => backoffMs(0)))
    expect(delays.size).toBeGreaterThan(1)
    for (const d of delays) expect(d).toBeGreaterThanOrEqual(800)
  })

  it('stops instead of looping when a QR expires unscanned', () => {
    expect(ctx(408, { pairing: true })).toMatchObject({ kind: 'stop', state: 'disconnected' })
    expect(ctx(408, { pairing: false })).toMatchObject({ kind: 'retry' })
  })

  it('ignores a close the gateway asked for itself', () => {
    expect(ctx(0)).toEqual({ kind: 'ignore' })
  })
})
