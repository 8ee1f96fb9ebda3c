import pino from 'pino'
import { describe, expect, it } from 'vitest'
import { OutageLog } from './outage-log.js'

function recorder() {
  const lines: Array<{ level: number; msg: string; failures?: number; downMs?: number }> = []
  const logger = pino({ level: 'info' }, { write: (s: string) => { lines.push(JSON.parse(s)) } })
  return { logger, lines }
}

describe('OutageLog', () => {
  it('logs the first failure of an outage once and its end once, with the count it hid', () => {
    const { logger, lines } = recorder()
    let now = 0
    const log = new OutageLog(logger, 'redis', { now: () => now })
    for (let i = 0; i < 300; i++) { now += 100; log.failed(new Error('connect ECONNREFUSED')) }
    log.recovered()
    log.recovered()
    expect(lines.map((l) => l.msg)).toEqual(['redis unreachable; retrying (further errors are counted until it is back)', 'redis reachable again'])
    expect(lines[1]).toMatchObject({ failures: 300, downMs: 29_900 })
  })

  it('reminds once a minute while an outage lasts', () => {
    const { logger, lines } = recorder()
    let now = 0
    const log = new OutageLog(logger, 'redis', { now: () => now })
    for (let i = 0; i < 1500; i++) { now += 100; log.failed(new Error('down')) }
    expect(lines.filter((l) => l.msg === 'redis still unreachable')).toHaveLength(2)
  })

  it('with settleMs, successes in the middle of an outage do not end it', () => {
    const { logger, lines } = recorder()
    let now = 0
    const log = new OutageLog(logger, 'x', { now: () => now, settleMs: 5000 })
    for (let i = 0; i < 20; i++) { now += 250; log.failed(new Error('down')); now += 10; log.recovered() }
    expect(lines).toHaveLength(1)
    now += 5000
    log.recovered()
    expect(lines.map((l) => l.msg)).toEqual(['x unreachable; retrying (further errors are counted until it is back)', 'x reachable again'])
  })
})
