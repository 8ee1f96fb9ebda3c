// Hostile values for the API fuzz test, drawn from a seeded PRNG so a failing run can be replayed
// with the seed it prints. Values that JSON.stringify cannot produce (1e400, a 10,000-deep array,
// a duplicate or `__proto__` key) are carried as raw JSON text.

/** mulberry32: tiny, fast, good enough to pick test inputs; the same seed gives the same run. */
export function prng(seed: number) {
  let a = seed >>> 0
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296
  }
  return {
    next,
    int: (n: number) => Math.floor(next() * n),
    chance: (p: number) => next() < p,
    pick: <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!,
  }
}
export type Rng = ReturnType<typeof prng>

/** Raw JSON text, spliced into a body as is. */
export class RawJson {
  constructor(readonly text: string) {}
}

/** JSON text for a value that may hold RawJson pieces (templates are shallow, so recursion is fine). */
export function toJsonText(value: unknown): string {
  if (value instanceof RawJson) return value.text
  if (Array.isArray(value)) {
    const parts: string[] = []
    for (let i = 0; i < value.length; i += 1) parts.push(toJsonText(value[i]))
    return `[${parts.join(',')}]`
  }
  if (value && typeof value === 'object') return `{${Object.entries(value).map(([k, v]) => `${JSON.stringify(k)}:${toJsonText(v)}`).join(',')}}`
  return JSON.stringify(value) ?? 'null'
}

const UUID_OF_NOBODY = '0190a3c0-0000-7000-8000-000000000000'
const b64 = (s: string) => Buffer.from(s).toString('base64url')

export const HOSTILE_STRINGS: readonly string[] = [
  '', ' ', '\u0000', 'a\u0000b', '\ud800', '\udfff', 'x\ud83d', '\udc00y', '😀☕', '\u202e\u0645\u0631\u062d\u0628\u0627',
  'x'.repeat(5_000), 'ü'.repeat(3_000), '%00', '%', '%zz', '../../etc/passwd', "' OR 1=1 --", '"; DROP TABLE users; --',
  '<script>alert(1)</script>', '${7*7}', '{{7*7}}', '__proto__', 'constructor', 'prototype', 'null', 'undefined', 'NaN',
  '-1', '0', '1e400', '9'.repeat(400), '0x10', 'true', 'a@b', 'owner@example.com', ' a@example.com ',
  UUID_OF_NOBODY, '00000000-0000-0000-0000-000000000000', 'ffffffff-ffff-ffff-ffff-ffffffffffff', 'not-a-uuid',
  '0190a3c0-0000-7000-8000-00000000000G', '2024-02-31T00:00:00.000Z', '+275760-09-13T00:00:00.000Z', '0000-01-01',
  b64(`+275760-09-13T00:00:00.000Z|${UUID_OF_NOBODY}`), b64(`0000-01-01T00:00:00.000Z|${UUID_OF_NOBODY}`),
  b64(`-000001-01-01T00:00:00.000Z|${UUID_OF_NOBODY}`), b64('garbage'), '!!!', 'http://169.254.169.254/latest/meta-data',
  'http://127.0.0.1:1/v1', 'file:///etc/passwd', 'javascript:alert(1)', 'a\r\nSet-Cookie: x=1', '\t\n\v\f\r',
]

const DEEP_ARRAY = new RawJson(`${'['.repeat(10_000)}"a@example.com"${']'.repeat(10_000)}`)
const DEEP_OBJECT = new RawJson(`${'{"a":'.repeat(2_000)}1${'}'.repeat(2_000)}`)
const WIDE_ARRAY = new RawJson(`[${Array.from({ length: 5_000 }, (_, i) => i).join(',')}]`)

export const HOSTILE_NON_STRINGS: readonly unknown[] = [
  0, -1, -0, 1.5, 2 ** 53, -(2 ** 53), Number.MAX_VALUE, -Number.MAX_VALUE, 5e-324,
  new RawJson('1e400'), new RawJson('-1e400'), new RawJson('123456789012345678901234567890'),
  true, false, null, [], {}, [null], ['a', 1, null], { toString: 'x' }, { valueOf: 1 },
  DEEP_ARRAY, DEEP_OBJECT, WIDE_ARRAY,
  new RawJson('{"__proto__":{"admin":true}}'), new RawJson('{"constructor":{"prototype":{"admin":true}}}'),
  new RawJson('{"a":1,"a":2}'),
]

export function hostileValue(rng: Rng): unknown {
  return rng.chance(0.55) ? rng.pick(HOSTILE_STRINGS) : rng.pick(HOSTILE_NON_STRINGS)
}

/** A hostile string fit for a URL (path segment or query value), sometimes left unencoded on purpose. */
export function hostileUrlPart(rng: Rng): string {
  const s = rng.pick(HOSTILE_STRINGS)
  if (rng.chance(0.15)) return rng.pick(['%', '%zz', '%00', '%C0%AF', '%ED%A0%80', '..', '.', '%2e%2e%2f', '%FF%FE'])
  return encodeURIComponent(s.replace(/[\ud800-\udfff]/g, '')) + (s.includes('\ud800') ? '%ED%A0%80' : '')
}

/** Whole bodies that are not what any route expects. */
export function hostileBody(rng: Rng): { text: string; contentType?: string } {
  const kind = rng.int(8)
  if (kind === 0) return { text: '{"email": ' }
  if (kind === 1) return { text: '', contentType: 'application/json' }
  if (kind === 2) return { text: '<a/>', contentType: rng.pick(['text/xml', 'text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/octet-stream']) }
  if (kind === 3) return { text: 'a=1&b=%00', contentType: 'application/x-www-form-urlencoded' }
  if (kind === 4) return { text: '{"a":1}', contentType: 'application/json; charset=utf-16' }
  if (kind === 5) return { text: '\ufeff{}' }
  if (kind === 6) return { text: rng.pick(['{"__proto__":{"polluted":true}}', '{"constructor":{"prototype":{"polluted":true}}}', '{"a":{"__proto__":[]}}']) }
  return { text: toJsonText(rng.pick(HOSTILE_NON_STRINGS)) }
}

/** The template with one field (at any depth) replaced, removed, or joined by a hostile key. */
export function mutate(template: Record<string, unknown>, rng: Rng): unknown {
  const copy = structuredClone(template) as Record<string, unknown>
  const holders: Array<Record<string, unknown> | unknown[]> = [copy]
  for (const v of Object.values(copy)) {
    if (v && typeof v === 'object') holders.push(v as Record<string, unknown>)
    if (Array.isArray(v)) for (const inner of v) if (inner && typeof inner === 'object') holders.push(inner as Record<string, unknown>)
  }
  const holder = rng.pick(holders)
  const keys = Object.keys(holder)
  const roll = rng.int(10)
  if (!Array.isArray(holder) && (roll === 0 || keys.length === 0)) {
    // defineProperty: assigning to '__proto__' would set the prototype instead of adding a key.
    const key = rng.pick(['__proto__', 'constructor', 'isAdmin', 'tenantId', 'role', 'a\u0000b', '\ud800'])
    Object.defineProperty(holder, key, { value: hostileValue(rng), enumerable: true, writable: true, configurable: true })
  }
  else if (roll === 1 && keys.length) delete (holder as Record<string, unknown>)[rng.pick(keys)]
  else if (keys.length) (holder as Record<string, unknown>)[rng.pick(keys)] = hostileValue(rng)
  return copy
}
