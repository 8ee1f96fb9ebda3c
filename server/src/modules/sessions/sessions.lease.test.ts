import { describe, expect, it } from 'vitest'
import { renewAll, type Lease } from './sessions.lease.js'

const lease = (i: number): Lease => ({ tenantId: `t${i}`, deviceId: `d${i}`, fence: i, value: `owner:${i}` })

describe('renewAll', () => {
  it('issues every renewal before waiting for any (one pipelined round trip, not one per session)', async () => {
    const held = Array.from({ length: 200 }, (_, i) => ({ lease: lease(i) }))
    let issued = 0
    let release: () => void = () => {}
    const allIssued = new Promise<void>((r) => { release = r })
    // No renewal answers until all 200 were asked: renewing one after another would wait here forever.
    const lost = await renewAll(held, async (l) => {
      if (++issued === held.length) release()
      await allIssued
      return l.fence % 50 !== 7
    })
    expect(issued).toBe(200)
    expect(lost.map((h) => h.lease.deviceId)).toEqual(['d7', 'd57', 'd107', 'd157'])
  })

  it('counts a renewal that failed as lost', async () => {
    const held = [{ lease: lease(1) }, { lease: lease(2) }]
    const lost = await renewAll(held, async (l) => { if (l.fence === 2) throw new Error('redis down'); return true })
    expect(lost).toEqual([held[1]])
  })
})
