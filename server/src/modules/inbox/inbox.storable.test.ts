import { describe, expect, it } from 'vitest'
import { customerMessage } from '../../../test/pipeline-harness.js'
import { findUnstorableText, isStorableText, toStorableText } from '../../shared/validation.js'
import { storableInbound } from './inbox.storable.js'

describe('storable text', () => {
  it('replaces NUL and lone surrogates with U+FFFD and keeps whole pairs and everything else', () => {
    expect(toStorableText('Halo\u0000kak')).toBe('Halo\ufffdkak')
    expect(toStorableText('a\ud800b\udc00c')).toBe('a\ufffdb\ufffdc')
    expect(toStorableText('ends high \ud83d')).toBe('ends high \ufffd')
    expect(toStorableText('kopi ☕😀 enak')).toBe('kopi ☕😀 enak')
    expect(isStorableText(toStorableText('\u0000\ud800\udfff\udfff\ud800'))).toBe(true)
  })

  it('finds unstorable text in values and field names at any depth, without recursion', () => {
    expect(findUnstorableText({ a: [{ b: 'ok' }, { c: 'x\u0000' }] })).toBe('a.1.c')
    expect(findUnstorableText({ ['k\ud800']: 1 })).toBe('(field name)')
    let deep: unknown = 'a\u0000'
    for (let i = 0; i < 20_000; i += 1) deep = [deep]
    expect(findUnstorableText(deep)).toMatch(/^0(\.0)*$/)
    expect(findUnstorableText({ fine: ['ok', 1, null, true] })).toBeUndefined()
  })
})

describe('storableInbound', () => {
  it('makes text, name and ids storable, deterministically, so a redelivery maps to the same row', () => {
    const m = customerMessage({ waId: 'ID\u0000X', text: 'Pesan\u0000 \ud800', pushName: 'Bu\udc00di' })
    const a = storableInbound(m)
    expect(a).toMatchObject({ waId: 'ID\ufffdX', text: 'Pesan\ufffd \ufffd', pushName: 'Bu\ufffddi' })
    expect(storableInbound(m)).toEqual(a)
  })

  it('replaces a time PostgreSQL cannot hold (or no time at all) with now', () => {
    const now = new Date('2026-01-02T03:04:05.000Z')
    for (const timestamp of [new Date(8.64e15), new Date(-62198755200000), new Date(Number.NaN)]) {
      expect(storableInbound(customerMessage({ timestamp }), () => now).timestamp).toEqual(now)
    }
    const fine = new Date('2025-06-01T00:00:00.000Z')
    expect(storableInbound(customerMessage({ timestamp: fine }), () => now).timestamp).toEqual(fine)
  })
})
