// A fix for a defect in postgres.js 3.4.9 (the newest release; upstream issues #1066, #1154,
// #1208, fixes proposed but not released) that took the whole process down when PostgreSQL was
// restarted under load — found by test/e2e/chaos.e2e.test.ts:
//
//   TypeError: Cannot read properties of null (reading 'write')
//       at Immediate.nextWrite (postgres/src/connection.js:255)
//
// A connection defers small writes to a setImmediate. When the server closes the connection,
// `closed()` sets its socket to null but (a) a transaction whose connection just died still
// writes its ROLLBACK to it, and the deferred write then runs on the null socket, throwing from a
// timer where nothing can catch it; and (b) `closed()`/`terminate()` cancel a pending deferred
// write without forgetting it, so after the reconnect no small write (the startup message
// included) is ever flushed again: the pooled connection is poisoned and every query sent to it
// hangs until CONNECT_TIMEOUT, for the life of the process; and (c) a close keeps the state of
// the exchange that was running (the query, the server's FATAL error for it, its partial result),
// so the first query on the reconnected connection is rejected with that stale error or resolved
// with the stale result (found by CI under load: terminate a backend mid-statement).
//
// The fix, applied to the library's source as Node loads it (a module load hook, so it holds for
// every way the product is installed and run): forget the pending write and its bytes when the
// socket closes or is terminated, and have a deferred write that finds no socket reject the
// queries waiting on it (CONNECTION_CLOSED, which the caller already handles) instead of throwing,
// and start the next connection with no exchange in progress.
// If a future postgres.js changes this code, the patch no longer matches and is left out (say so
// in the log, and see whether the new version still needs it: postgres-js-fix.int.test.ts).
import { readFileSync } from 'node:fs'
import { createRequire, register } from 'node:module'
import { dirname, join } from 'node:path'
import { pathToFileURL } from 'node:url'

/** Set by the patched module when it loads, so the process can tell the fix is in place. */
export const FIX_MARKER = 'warta.postgresJsNextWriteFix'

const EDITS: Array<[from: string, to: string]> = [
  [
    'function nextWrite(fn) {\n    const x = socket.write(chunk, fn)',
    'function nextWrite(fn) {\n    if (!socket) {\n      chunk = nextWriteTimer = null\n      const closedError = Errors.connection(\'CONNECTION_CLOSED\', options)\n      query && queryError(query, closedError)\n      while (sent.length) queryError(sent.shift(), closedError)\n      query = results = errorResponse = null\n      result = new Result()\n      return false\n    }\n    const x = socket.write(chunk, fn)',
  ],
  [
    "!hadError && (query || sent.length) && error(Errors.connection('CONNECTION_CLOSED', options, socket))\n",
    "!hadError && (query || sent.length) && error(Errors.connection('CONNECTION_CLOSED', options, socket))\n    query = results = errorResponse = null\n    result = new Result()\n",
  ],
  [
    'clearImmediate(nextWriteTimer)\n    if (socket) {',
    'clearImmediate(nextWriteTimer)\n    nextWriteTimer = chunk = null\n    if (socket) {',
  ],
  [
    'clearImmediate(nextWriteTimer)\n    socket.removeListener(\'data\', data)',
    'clearImmediate(nextWriteTimer)\n    nextWriteTimer = chunk = null\n    socket.removeListener(\'data\', data)',
  ],
]

/** The patched source, or undefined when it is not the text this fix knows (another version). */
export function patchPostgresConnection(source: string): string | undefined {
  let out = source
  for (const [from, to] of EDITS) {
    if (out.split(from).length !== 2) return undefined
    out = out.replace(from, to)
  }
  return `${out}\n;globalThis[Symbol.for(${JSON.stringify(FIX_MARKER)})] = true\n`
}

/** True once a patched postgres.js connection module has loaded in this process. */
export const postgresJsFixApplied = () => (globalThis as Record<symbol, unknown>)[Symbol.for(FIX_MARKER)] === true

/** The hook only serves text prepared here, so it needs no TypeScript and no patching logic of its own. */
const HOOK = `let patched = {}
export async function initialize(data) { patched = data.patched }
export async function load(url, context, nextLoad) {
  const source = patched[url]
  return source === undefined ? nextLoad(url, context) : { format: 'module', source, shortCircuit: true }
}`

/** postgres.js's ESM connection module (the package exports only its entry: go from the CommonJS one). */
export const postgresConnectionFile = () => join(dirname(createRequire(import.meta.url).resolve('postgres')), '../../src/connection.js')

let installed: 'patched' | 'unknown-version' | undefined

/**
 * Installs the load hook; must run before postgres.js is first imported (ESM). Idempotent.
 * Returns 'unknown-version' when the installed postgres.js is not the code this fix knows.
 */
export function installPostgresJsFix(): 'patched' | 'unknown-version' {
  if (installed) return installed
  const file = postgresConnectionFile()
  const patched = patchPostgresConnection(readFileSync(file, 'utf8'))
  if (!patched) return (installed = 'unknown-version')
  register(`data:text/javascript,${encodeURIComponent(HOOK)}`, { data: { patched: { [pathToFileURL(file).href]: patched } } })
  return (installed = 'patched')
}
