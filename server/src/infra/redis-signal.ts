// Redis writes that only tell others about something the database already holds: a realtime
// event, a wake-up for the outbox, a job that a sweep would also create. While Redis is away such
// a write must not hold up its caller — an HTTP request has to answer (the row is committed; a
// 500 or a hang would make the client send it again), and the socket handling customer messages
// has to move on. The command stays queued in ioredis and goes out once Redis is back; nobody
// waits for it meanwhile. (Pub/sub subscribers are cut off during the outage anyway.)
import type { Redis } from 'ioredis'
import { isDependencyUnavailable } from '../shared/dependency-errors.js'

/** How long a signal is awaited when the connection looked fine but the answer does not come. */
const MAX_WAIT_MS = 2000

/**
 * Sends `command` on `client`. Connected: waits for it (at most MAX_WAIT_MS) and rethrows what is
 * not an outage. Not connected: returns at once. Failures that arrive later go to `onLateError`
 * unless they are the outage itself, which the connection's own outage log reports.
 */
export async function signal(client: Redis, command: () => Promise<unknown>, onLateError: (err: unknown) => void = () => {}): Promise<void> {
  const connected = client.status === 'ready'
  let settled = false
  const running = command().finally(() => { settled = true })
  const late = (err: unknown) => { if (!isDependencyUnavailable(err)) onLateError(err) }
  if (!connected) {
    running.catch(late)
    return
  }
  let timer: NodeJS.Timeout | undefined
  try {
    await Promise.race([running, new Promise<void>((resolve) => { timer = setTimeout(resolve, MAX_WAIT_MS) })])
  } catch (err) {
    if (!isDependencyUnavailable(err)) throw err
  } finally {
    clearTimeout(timer)
  }
  if (!settled) running.catch(late)
}
