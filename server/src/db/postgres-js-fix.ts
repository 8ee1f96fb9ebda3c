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
// A second defect, in `begin()` (src/index.js): it races the transaction callback against the
// connection's close, so the caller's promise rejects the moment the connection dies while the
// callback runs on. The callback's later statements still go to the same connection object, which
// the pool reconnects for the next caller: they ran there without the BEGIN (autocommitted: a
// half transaction stored) and interleaved with that caller's queries (CI once saw a query
// resolve with the orphan's COMMIT result).
//
// The fixes, applied to the library's source as Node loads it (a module load hook, so they hold
// for every way the product is installed and run): forget the pending write and its bytes when
// the socket closes or is terminated, have a deferred write that finds no socket reject the
// queries waiting on it (CONNECTION_CLOSED, which the caller already handles) instead of throwing,
// and start the next connection with no exchange in progress; and make a transaction whose
// connection closed reject every later statement of its callback (and the ones it had queued)
// with that same CONNECTION_CLOSED, so nothing of it reaches the next connection — the callback's
// error handling and begin()'s ROLLBACK then fail fast too, and no COMMIT is ever sent.
// If a future postgres.js changes this code, a patch no longer matches and is left out (say so
// in the log, and see whether the new version still needs it: postgres-js-fix.int.test.ts).
import { readFileSync } from 'node:fs'
import { createRequire, register } from 'node:module'
import { dirname, join } from 'node:path'
import { pathToFileURL } from 'node:url'

interface SourceFix {
  /** The file under postgres.js's `src/` (the ESM build, which the product imports). */
  file: string
  /** Set by the patched module when it loads, so the process can tell the fix is in place. */
  marker: string
  edits: Array<[from: string, to: string]>
}

const CONNECTION_FIX: SourceFix = {
  file: 'connection.js',
  marker: 'warta.postgresJsNextWriteFix',
  edits: [
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
  ],
}

// The pool calls `connection.onclose(error)` (always a CONNECTION_CLOSED error) synchronously
// from the socket's close, before any code awaiting a statement can run again, so by the time the
// callback learns of the close the scope already refuses statements.
const BEGIN_FIX: SourceFix = {
  file: 'index.js',
  marker: 'warta.postgresJsOrphanedTransactionFix',
  edits: [
    [
      '      , prepare = null\n',
      '      , prepare = null\n      , closedError = null\n',
    ],
    [
      'new Promise((_, reject) => connection.onclose = reject)',
      'new Promise((_, reject) => connection.onclose = e => {\n          closedError = e\n          while (queries.length) queries.shift().reject(e)\n          reject(e)\n        })',
    ],
    [
      'q.catch(e => uncaughtError || (uncaughtError = e))\n',
      'q.catch(e => uncaughtError || (uncaughtError = e))\n        if (closedError)\n          return q.reject(closedError)\n',
    ],
  ],
}

/** The patched source, or undefined when it is not the text this fix knows (another version). */
function patchSource(fix: SourceFix, source: string): string | undefined {
  let out = source
  for (const [from, to] of fix.edits) {
    if (out.split(from).length !== 2) return undefined
    out = out.replace(from, to)
  }
  return `${out}\n;globalThis[Symbol.for(${JSON.stringify(fix.marker)})] = true\n`
}

export const patchPostgresConnection = (source: string) => patchSource(CONNECTION_FIX, source)
export const patchPostgresBegin = (source: string) => patchSource(BEGIN_FIX, source)

const FIXES = { 'dead-connection': CONNECTION_FIX, 'orphaned-transaction': BEGIN_FIX }
export type PostgresJsFix = keyof typeof FIXES

const markerSet = (fix: SourceFix) => (globalThis as Record<symbol, unknown>)[Symbol.for(fix.marker)] === true

/** The fixes whose patched module has not loaded in this process (empty once all are in place). */
export const postgresJsFixesMissing = (): PostgresJsFix[] =>
  (Object.keys(FIXES) as PostgresJsFix[]).filter((name) => !markerSet(FIXES[name]))

/** True once every patched postgres.js module has loaded in this process. */
export const postgresJsFixApplied = () => postgresJsFixesMissing().length === 0

/** The hook only serves text prepared here, so it needs no TypeScript and no patching logic of its own. */
const HOOK = `let patched = {}
export async function initialize(data) { patched = data.patched }
export async function load(url, context, nextLoad) {
  const source = patched[url]
  return source === undefined ? nextLoad(url, context) : { format: 'module', source, shortCircuit: true }
}`

/** A file of postgres.js's ESM source (the package exports only its entry: go from the CommonJS one). */
const postgresSourceFile = (file: string) => join(dirname(createRequire(import.meta.url).resolve('postgres')), '../../src', file)
export const postgresConnectionFile = () => postgresSourceFile(CONNECTION_FIX.file)
export const postgresIndexFile = () => postgresSourceFile(BEGIN_FIX.file)

let installed: 'patched' | 'unknown-version' | undefined

/**
 * Installs the load hook; must run before postgres.js is first imported (ESM). Idempotent.
 * Returns 'unknown-version' when the installed postgres.js is not the code these fixes know; the
 * fixes that still match are applied all the same (postgresJsFixesMissing names the others).
 * `only` is for the tests that show what one fix alone does.
 */
export function installPostgresJsFix(only?: PostgresJsFix[]): 'patched' | 'unknown-version' {
  if (installed) return installed
  const patched: Record<string, string> = {}
  const fixes = only ?? (Object.keys(FIXES) as PostgresJsFix[])
  for (const fix of fixes.map((name) => FIXES[name])) {
    const file = postgresSourceFile(fix.file)
    const source = patchSource(fix, readFileSync(file, 'utf8'))
    if (source) patched[pathToFileURL(file).href] = source
  }
  if (Object.keys(patched).length) register(`data:text/javascript,${encodeURIComponent(HOOK)}`, { data: { patched } })
  return (installed = Object.keys(patched).length === fixes.length ? 'patched' : 'unknown-version')
}
