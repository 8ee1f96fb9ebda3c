// The postgres.js fix (see postgres-js-fix.ts): it applies to the installed version, and a
// transaction whose connection PostgreSQL terminated no longer crashes the process or poisons the
// pooled connection. The crash is reproduced without the fix, in a child process.
import { spawnSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, inject, it } from 'vitest'
import { patchPostgresConnection, postgresConnectionFile } from './postgres-js-fix.js'

const serverDir = join(dirname(fileURLToPath(import.meta.url)), '../..')
const fixture = join(serverDir, 'test/fixtures/transaction-on-dead-connection.ts')

const runFixture = (scenario: 'idle' | 'busy' | 'plain', env: Record<string, string> = {}) => {
  const res = spawnSync(process.execPath, ['--import', 'tsx', fixture, inject('adminDatabaseUrl'), scenario], {
    cwd: serverDir, encoding: 'utf8', timeout: 60_000, env: { ...process.env, ...env },
  })
  return { code: res.status, out: `${res.stdout}${res.stderr}` }
}

describe('postgres.js dead-connection fix', () => {
  it('knows the source of the installed postgres.js', () => {
    const patched = patchPostgresConnection(readFileSync(postgresConnectionFile(), 'utf8'))
    expect(patched).toContain('if (!socket) {')
    expect(patched!.match(/nextWriteTimer = chunk = null/g)).toHaveLength(2)
    // Once in ReadyForQuery as published, once each where a connection's end is handled.
    expect(patched!.match(/query = results = errorResponse = null/g)).toHaveLength(3)
  })

  it('crashes the process as published: a transaction writes to a connection PostgreSQL terminated', () => {
    const { code, out } = runFixture('idle', { WITHOUT_FIX: '1' })
    expect(out).toContain('fix applied: false')
    expect(code).not.toBe(0)
    expect(out).toContain("Cannot read properties of null (reading 'write')")
  }, 60_000)

  it('with the fix, the transaction fails with CONNECTION_CLOSED and the pooled connection works again', () => {
    const { code, out } = runFixture('idle')
    expect(out).toContain('fix applied: true')
    expect(out).toContain('statement failed: CONNECTION_CLOSED')
    expect(out).toContain('next query: 2')
    expect(code).toBe(0)
  }, 60_000)

  // Found by CI under load, where the backend took longer than the fixture's pause to die: the
  // server's FATAL error for a running statement was kept after the close and handed to the next
  // query on the reconnected connection (or that query resolved with another's empty result).
  it.each(['busy', 'plain'] as const)('with the fix, a statement running when its backend is terminated leaves nothing behind for the next query (%s)', (scenario) => {
    const { code, out } = runFixture(scenario)
    expect(out).toContain('fix applied: true')
    expect(out).toContain('statement failed: CONNECTION_CLOSED')
    expect(out).toContain('next query: 2')
    expect(code).toBe(0)
  }, 60_000)
})
