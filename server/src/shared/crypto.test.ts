import { describe, expect, it } from 'vitest'
import { hashPassword, SecretBox, verifyPassword, DUMMY_PASSWORD_HASH } from './crypto.js'
import { randomBytes } from 'node:crypto'

describe('password hashing', () => {
  it('verifies the right password and rejects a wrong one', async () => {
    const hash = await hashPassword('rahasia-123')
    expect(hash.startsWith('scrypt$')).toBe(true)
    expect(hash).not.toContain('rahasia')
    expect(await verifyPassword('rahasia-123', hash)).toBe(true)
    expect(await verifyPassword('rahasia-124', hash)).toBe(false)
  })

  it('salts every hash so equal passwords hash differently', async () => {
    expect(await hashPassword('same-password')).not.toBe(await hashPassword('same-password'))
  })

  it('treats the dummy hash and malformed hashes as never matching', async () => {
    expect(await verifyPassword('anything', DUMMY_PASSWORD_HASH)).toBe(false)
    expect(await verifyPassword('anything', 'md5$abc')).toBe(false)
  })
})

describe('SecretBox', () => {
  const box = new SecretBox(randomBytes(32))

  it('round-trips a secret bound to its owner', () => {
    const sealed = box.seal('sk-test-123', 'tenant-a')
    expect(sealed).not.toContain('sk-test')
    expect(box.open(sealed, 'tenant-a')).toBe('sk-test-123')
  })

  it('refuses to open a secret moved to another owner', () => {
    const sealed = box.seal('sk-test-123', 'tenant-a')
    expect(() => box.open(sealed, 'tenant-b')).toThrow()
  })

  it('refuses a tampered ciphertext', () => {
    const sealed = box.seal('sk-test-123', 'tenant-a')
    const parts = sealed.split('.')
    parts[3] = Buffer.from('tampered').toString('base64url')
    expect(() => box.open(parts.join('.'), 'tenant-a')).toThrow()
  })
})
