// What a person typed is never overwritten (UX.md). A form keeps its draft next to the "base": the
// server values the draft started from. When the server values change (a background refresh, the
// price list import replacing the settings, a live event), each field the person left alone takes
// the new value and each field they changed keeps theirs — a three-way merge, per field, nested
// objects field by field. Pure functions, unit-tested in test/unit/draft.test.ts.

export type Fields = Record<string, unknown>

const isPlainObject = (v: unknown): v is Fields => typeof v === 'object' && v !== null && !Array.isArray(v)

export function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => sameValue(x, b[i]))
  if (isPlainObject(a) && isPlainObject(b)) {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)])
    for (const k of keys) if (!sameValue(a[k], b[k])) return false
    return true
  }
  return false
}

export function clone<T>(v: T): T {
  return v === undefined ? v : JSON.parse(JSON.stringify(v)) as T
}

/**
 * Brings `draft` (mutated in place, so bound inputs stay bound) from `base` to `incoming`: a field
 * still equal to its base value takes the incoming value; a changed one is kept.
 */
export function adoptUntouched(draft: Fields, base: Fields, incoming: Fields): void {
  for (const key of Object.keys(incoming)) {
    const mine = draft[key]
    const was = base[key]
    const next = incoming[key]
    if (isPlainObject(mine) && isPlainObject(was) && isPlainObject(next)) adoptUntouched(mine, was, next)
    else if (sameValue(mine, was)) draft[key] = clone(next)
  }
}

/** True when any field differs from the base it started from. */
export function isDirty(draft: Fields, base: Fields): boolean {
  return Object.keys(base).some((k) => !sameValue(draft[k], base[k]))
}

// Drafts kept across a reload live in localStorage under one prefix, per tenant, so signing out
// can forget them all at once (a shared shop phone must not show the last person's drafts).
const PREFIX = 'warta:draft:'

function storage(): Storage | null {
  try {
    return typeof localStorage === 'undefined' ? null : localStorage
  } catch {
    return null // storage blocked (privacy mode): drafts then live as long as the page
  }
}

export function draftKey(tenantId: string, name: string): string {
  return `${PREFIX}${tenantId}:${name}`
}

export function readStoredDraft<T>(key: string): T | null {
  const raw = storage()?.getItem(key)
  if (!raw) return null
  try {
    return JSON.parse(raw) as T
  } catch {
    storage()?.removeItem(key)
    return null
  }
}

export function writeStoredDraft(key: string, value: unknown): void {
  try {
    storage()?.setItem(key, JSON.stringify(value))
  } catch {
    // Full or blocked: the draft still lives in the page.
  }
}

export function removeStoredDraft(key: string): void {
  storage()?.removeItem(key)
}

/** Forgets every stored draft (sign-out). */
export function clearStoredDrafts(): void {
  const s = storage()
  if (!s) return
  const keys: string[] = []
  for (let i = 0; i < s.length; i++) {
    const k = s.key(i)
    if (k?.startsWith(PREFIX)) keys.push(k)
  }
  for (const k of keys) s.removeItem(k)
}
