// A real HTTP endpoint for webhook tests: it records every delivery and answers with a fixed
// status, and checks a delivery the way an integrator would (the HMAC signature over
// "<timestamp>.<body>", and the event id and type headers against the body) before handing the
// event to the test.
import { createHmac } from 'node:crypto'
import { createServer, type IncomingMessage } from 'node:http'
import { expect } from 'vitest'

export interface Delivery { path: string; headers: IncomingMessage['headers']; body: string }
export interface DeliveredEvent { id: string; type: string; createdAt: string; data: Record<string, unknown> }

export interface WebhookReceiver {
  /** The endpoint URL for `path` (one path per subscription keeps tests apart). */
  url(path: string): string
  /** Every delivery to `path` so far, unchecked. */
  at(path: string): Delivery[]
  /** The deliveries to `path` with their events, each delivery's signature and headers checked first. */
  checked(path: string, secret: string): Array<Delivery & { event: DeliveredEvent }>
  /** The events delivered to `path`, checked as `checked` does. */
  verified(path: string, secret: string): DeliveredEvent[]
  close(): Promise<void>
}

/** The signature header Warta sends for one secret. */
export const signatureOf = (secret: string, timestamp: string, body: string) =>
  `v1=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`

export async function startWebhookReceiver(status = 204): Promise<WebhookReceiver> {
  const received: Delivery[] = []
  const server = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => {
      received.push({ path: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') })
      res.statusCode = status
      res.end()
    })
  })
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok))
  const base = `http://127.0.0.1:${(server.address() as { port: number }).port}`
  const at = (path: string) => received.filter((r) => r.path === path)
  const checked = (path: string, secret: string) => at(path).map((r) => {
    expect(r.headers['x-warta-signature']).toBe(signatureOf(secret, String(r.headers['x-warta-timestamp']), r.body))
    const event = JSON.parse(r.body) as DeliveredEvent
    expect(r.headers['x-warta-event-id']).toBe(event.id)
    expect(r.headers['x-warta-event-type']).toBe(event.type)
    return { ...r, event }
  })
  return {
    url: (path) => `${base}${path}`,
    at,
    checked,
    verified: (path, secret) => checked(path, secret).map((d) => d.event),
    close: () => new Promise<void>((ok) => server.close(() => ok())),
  }
}
