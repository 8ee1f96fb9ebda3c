import { describe, expect, it } from 'vitest'
import { untilAvailable } from './until-available.js'

const refused = () => Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' })

describe('untilAvailable', () => {
  it('retries work that failed because a dependency was unreachable, until it succeeds', async () => {
    let calls = 0
    const retries: number[] = []
    const result = await untilAvailable(async () => { if (++calls < 4) throw refused(); return 'stored' }, { firstDelayMs: 1, onRetry: (_e, n) => retries.push(n) })
    expect(result).toBe('stored')
    expect(retries).toEqual([1, 2, 3])
  })

  it('throws any other error at once', async () => {
    let calls = 0
    await expect(untilAvailable(async () => { calls++; throw new TypeError('bug') }, { firstDelayMs: 1 })).rejects.toThrow('bug')
    expect(calls).toBe(1)
  })

  it('gives up with the last error after giveUpAfterMs', async () => {
    let calls = 0
    await expect(untilAvailable(async () => { calls++; throw refused() }, { firstDelayMs: 5, maxDelayMs: 5, giveUpAfterMs: 30 })).rejects.toThrow('ECONNREFUSED')
    expect(calls).toBeGreaterThan(1)
  })
})
