// Which realtime events become which webhook events, and that webhook bookkeeping never holds up
// or fails the realtime event.
import { describe, expect, it } from 'vitest'
import pino from 'pino'
import { WebhookFanout, webhookEventsFor } from './webhooks.fanout.js'
import { subscribes } from './webhooks.schemas.js'

describe('webhookEventsFor', () => {
  it('leaves message.created alone: message.received comes from the inbox\'s transactional outbox, a queued message is no event', () => {
    expect(webhookEventsFor('message.created', { message: { direction: 'in' } })).toEqual([])
    expect(webhookEventsFor('message.created', { message: { direction: 'out' } })).toEqual([])
  })
  it('adds message.sent to the status event when a message left', () => {
    expect(webhookEventsFor('message.status', { status: 'sent' })).toEqual(['message.status', 'message.sent'])
    expect(webhookEventsFor('message.status', { status: 'delivered' })).toEqual(['message.status'])
  })
  it('passes session, insight and follow-up events through, and nothing else', () => {
    for (const t of ['session.state', 'insight.created', 'followup.scheduled', 'followup.sent', 'followup.cancelled'] as const) expect(webhookEventsFor(t, {})).toEqual([t])
    expect(webhookEventsFor('session.qr', {})).toEqual([])
    expect(webhookEventsFor('labels.changed', {})).toEqual([])
  })
  it('lets followup.* subscribe to every follow-up event', () => {
    expect(subscribes(['followup.*'], 'followup.sent')).toBe(true)
    expect(subscribes(['followup.*'], 'message.received')).toBe(false)
  })
})

describe('WebhookFanout', () => {
  const failing = { dispatch: async () => { throw new Error('database down') }, record: async () => 'e1', dispatchRecorded: async () => { throw new Error('database down') } }

  it('publishes the realtime event even when recording deliveries fails', async () => {
    const published: string[] = []
    const fanout = new WebhookFanout({ publish: async (_t, type) => { published.push(type) } }, failing, pino({ level: 'silent' }))
    await fanout.publish('t1', 'message.status', { status: 'sent' })
    expect(published).toEqual(['message.status'])
  })

  it('stages a change\'s events in its transaction and publishes only after the commit, even when the dispatch fails', async () => {
    const published: string[] = []
    const recorded: string[] = []
    const fanout = new WebhookFanout({ publish: async (_t, type) => { published.push(type) } }, {
      ...failing, record: async (_tx, _t, type) => { recorded.push(type); return `id-${type}` },
    }, pino({ level: 'silent' }))
    const after = await fanout.stage({} as never, 't1', 'message.status', { status: 'sent' })
    expect(recorded).toEqual(['message.status', 'message.sent'])
    expect(published).toEqual([])
    await after()
    expect(published).toEqual(['message.status'])
  })
})
