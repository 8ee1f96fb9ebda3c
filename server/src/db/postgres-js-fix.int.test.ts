// The postgres.js fixes (see postgres-js-fix.ts): they apply to the installed version, a
// transaction whose connection PostgreSQL terminated no longer crashes the process or poisons the
// pooled connection, and its callback, running on after begin() rejected, can no longer write
// outside the transaction. Each defect is reproduced without the fixes, in a child process.
import { spawnSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, inject, it } from 'vitest'
import { patchPostgresBegin, patchPostgresConnection, postgresConnectionFile, postgresIndexFile } from './postgres-js-fix.js'

const serverDir = join(dirname(fileURLToPath(import.meta.url)), '../..')
const fixture = join(serverDir, 'test/fixtures/transaction-on-dead-connection.ts')
const orphanFixture = join(serverDir, 'test/fixtures/orphaned-transaction.ts')

const runFile = (file: string, arg: string, env: Record<string, string>) => {
  const res = spawnSync(process.execPath, ['--import', 'tsx', file, inject('adminDatabaseUrl'), arg], {
    cwd: serverDir, encoding: 'utf8', timeout: 60_000, env: { ...process.env, ...env },
  })
  return { code: res.status, out: `${res.stdout}${res.stderr}` }
}
const runFixture = (scenario: 'idle' | 'busy' | 'plain', env: Record<string, string> = {}) => runFile(fixture, scenario, env)

describe('postgres.js dead-connection fix', () => {
  it('knows the source of the installed postgres.js', () => {
    const patched = patchPostgresConnection(readFileSync(postgresConnectionFile(), 'utf8'))
    expect(patched).toContain('if (!socket) {')
    expect(patched!.match(/nextWriteTimer = chunk = null/g)).toHaveLength(2)
    // Once in ReadyForQuery as published, once each where a connection's end is handled.
    expect(patched!.match(/query = results = errorResponse = null/g)).toHaveLength(3)
  })

  it('knows the source of the installed postgres.js begin()', () => {
    const patched = patchPostgresBegin(readFileSync(postgresIndexFile(), 'utf8'))
    expect(patched).toContain('if (closedError)')
    expect(patched).toContain('closedError = e')
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

  // The callback writes A, its backend is terminated, and once begin() has rejected it writes B
  // while the next callers use the reconnected (only) pooled connection; 20 rounds in one process.
  const ROUNDS = 20
  const orphanRounds = (env: Record<string, string> = {}) => {
    const { code, out } = runFile(orphanFixture, String(ROUNDS), env)
    return { code, out, rounds: out.split('\n').filter((line) => line.startsWith('round ')) }
  }

  it.each<Record<string, string>>([{ WITHOUT_FIX: '1' }, { ONLY_FIX: 'dead-connection' }])('without the begin() fix (%o), a transaction callback running on after its connection closed autocommits its later writes', (env) => {
    const { out, rounds } = orphanRounds(env)
    expect(out).toContain('fix applied: false')
    expect(rounds).toHaveLength(ROUNDS)
    expect(rounds.some((line) => line.includes('rows=B'))).toBe(true)
  }, 60_000)

  it('with the fix, every later statement of that callback fails: nothing of the transaction is stored and the next callers get their own answers', () => {
    const { code, out, rounds } = orphanRounds()
    expect(out).toContain('fix applied: true')
    expect(rounds).toHaveLength(ROUNDS)
    for (const [i, line] of rounds.entries()) {
      expect(line).toBe(`round ${i + 1}: begin=CONNECTION_CLOSED next=ok,ok,ok rows=none callback=threw CONNECTION_CLOSED`)
    }
    expect(code).toBe(0)
  }, 60_000)
})
