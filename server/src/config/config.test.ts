import { mkdtempSync, readFileSync, existsSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { ConfigError, loadConfig, renderEnvExample } from './config.js'
import { CONFIG_KEYS } from './config.schema.js'

const tmp = () => mkdtempSync(join(tmpdir(), 'warta-config-'))

describe('loadConfig', () => {
  it('runs with no environment at all, generating and keeping secrets in the data dir', () => {
    const dir = tmp()
    const config = loadConfig({ env: { WARTA_DATA_DIR: dir } })
    expect(config.http.port).toBe(3000)
    expect(config.http.host).toBe('127.0.0.1')
    expect(config.db.url).toBeUndefined()
    expect(config.roles).toEqual({ api: true, gateway: true, worker: true })
    expect(config.auth.jwtSecret.length).toBeGreaterThanOrEqual(32)
    expect(config.secretKey.length).toBe(32)
    expect(existsSync(join(dir, 'secrets.json'))).toBe(true)
    const again = loadConfig({ env: { WARTA_DATA_DIR: dir } })
    expect(again.auth.jwtSecret).toBe(config.auth.jwtSecret)
    expect(again.secretKey.equals(config.secretKey)).toBe(true)
  })

  it('lists every bad key at once, naming the key and what is wrong', () => {
    let error: unknown
    try {
      loadConfig({ env: { WARTA_DATA_DIR: tmp(), PORT: 'eighty', DATABASE_URL: 'mysql://x', WARTA_ROLES: 'api,cron', LOG_LEVEL: 'loud', JWT_SECRET: 'short' } })
    } catch (err) { error = err }
    expect(error).toBeInstanceOf(ConfigError)
    const problems = (error as ConfigError).problems.join('\n')
    for (const key of ['PORT', 'DATABASE_URL', 'WARTA_ROLES', 'LOG_LEVEL', 'JWT_SECRET']) expect(problems).toContain(`${key}=`)
    expect(problems).toContain('cron')
    expect((error as ConfigError).problems).toHaveLength(5)
  })

  it('parses roles, demo flag from argv and explicit secrets', () => {
    const config = loadConfig({
      env: { WARTA_DATA_DIR: tmp(), WARTA_ROLES: 'gateway, worker', JWT_SECRET: 'x'.repeat(40), WARTA_SECRET_KEY: 'ab'.repeat(32), PORT: '0' },
      argv: ['--demo'],
    })
    expect(config.roles).toEqual({ api: false, gateway: true, worker: true })
    expect(config.demo).toBe(true)
    expect(config.auth.jwtSecret).toBe('x'.repeat(40))
    expect(config.secretKey.toString('hex')).toBe('ab'.repeat(32))
  })
})

describe('outbound allow-list', () => {
  it('takes host names, IPs and CIDR blocks, and names a bad entry', () => {
    const ok = loadConfig({ env: { WARTA_DATA_DIR: tmp(), OUTBOUND_ALLOW_HOSTS: '127.0.0.1, 192.168.1.0/24,ollama.lan,fd00::/8', OUTBOUND_ALLOW_HTTP: 'true' } })
    expect(ok.outbound).toEqual({ allowHosts: ['127.0.0.1', '192.168.1.0/24', 'ollama.lan', 'fd00::/8'], allowHttp: true })
    expect(loadConfig({ env: { WARTA_DATA_DIR: tmp() } }).outbound).toEqual({ allowHosts: [], allowHttp: false })
    expect(() => loadConfig({ env: { WARTA_DATA_DIR: tmp(), OUTBOUND_ALLOW_HOSTS: '127.0.0.1,http://x,10.0.0.0/99' } })).toThrow(/OUTBOUND_ALLOW_HOSTS.*http:\/\/x, 10\.0\.0\.0\/99/)
  })
})

describe('.env.example', () => {
  it('lists every configuration key with its doc and matches the generated text', () => {
    const root = resolve(fileURLToPath(import.meta.url), '../../../..')
    const text = readFileSync(join(root, '.env.example'), 'utf8')
    for (const key of CONFIG_KEYS) {
      expect(text).toContain(key.env)
      expect(text).toContain(key.doc)
    }
    expect(text).toBe(renderEnvExample())
  })
})
