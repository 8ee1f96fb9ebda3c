// A test client for /api/v1/events over a real WebSocket: authenticates with the first message
// and collects every event it receives.
import WebSocket from 'ws'
import { waitFor } from './gateway-harness.js'

export interface EventsClient {
  events: Array<{ type: string; tenantId: string; at: string; data: any }>
  closeCode: Promise<number>
  waitForEvent(type: string, match?: (data: any) => boolean, timeoutMs?: number): Promise<any>
  send(msg: unknown): void
  close(): void
}

export async function connectEvents(baseUrl: string, token: string | undefined): Promise<EventsClient> {
  const ws = new WebSocket(`${baseUrl.replace('http', 'ws')}/api/v1/events`)
  const events: EventsClient['events'] = []
  let ready = false
  const closeCode = new Promise<number>((resolve) => ws.on('close', (code) => resolve(code)))
  ws.on('message', (raw) => {
    const msg = JSON.parse(String(raw))
    if (msg.type === 'ready') ready = true
    else if (msg.type !== 'pong') events.push(msg)
  })
  await new Promise<void>((resolve, reject) => { ws.once('open', () => resolve()); ws.once('error', reject) })
  if (token !== undefined) {
    ws.send(JSON.stringify({ type: 'auth', token }))
    await waitFor(() => ready, 5000, 'events socket ready')
  }
  return {
    events, closeCode,
    waitForEvent: (type, match = () => true, timeoutMs = 10_000) =>
      waitFor(() => events.find((e) => e.type === type && match(e.data))?.data, timeoutMs, `event ${type}`),
    send: (msg) => ws.send(JSON.stringify(msg)),
    close: () => ws.close(),
  }
}
