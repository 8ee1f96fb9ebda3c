// zod at the edge: every route parses its params, query and body through parseInput, so a
// client mistake is always a 400 listing each bad field. It is also the one place that refuses
// text no person typed and no store can hold: a NUL character (PostgreSQL refuses it in text and
// jsonb) or a lone UTF-16 surrogate (jsonb refuses it; elsewhere it would silently turn into
// U+FFFD). Those get `validation.invalid_text` whichever field — or field name — carries them.
import type { z } from 'zod'
import { AppError } from './errors.js'

// Without the u flag a regex sees UTF-16 code units: a high surrogate not followed by a low one,
// or a low one not preceded by a high one.
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/

/** True when `s` has no NUL and no unpaired surrogate. */
export const isStorableText = (s: string): boolean => !s.includes('\u0000') && !LONE_SURROGATE.test(s)

/**
 * `s` with every NUL and lone surrogate replaced by U+FFFD, for text we must keep but did not
 * choose (a customer's WhatsApp message): the rest of the message survives, and the mark shows
 * where something unreadable was.
 */
export const toStorableText = (s: string): string =>
  isStorableText(s) ? s : s.replaceAll('\u0000', '\ufffd').replace(new RegExp(LONE_SURROGATE.source, 'g'), '\ufffd')

/**
 * The path of the first string (value or object key) in `value` that is not storable text, or
 * undefined. Iterative: a 10,000-deep array must not overflow the stack.
 */
export function findUnstorableText(value: unknown): string | undefined {
  const stack: Array<{ v: unknown; path: string }> = [{ v: value, path: '' }]
  while (stack.length) {
    const { v, path } = stack.pop()!
    if (typeof v === 'string') {
      if (!isStorableText(v)) return path
    } else if (Array.isArray(v)) {
      for (let i = 0; i < v.length; i += 1) stack.push({ v: v[i], path: path ? `${path}.${i}` : String(i) })
    } else if (v && typeof v === 'object') {
      for (const [k, inner] of Object.entries(v)) {
        const at = path ? `${path}.${k}` : k
        if (!isStorableText(k)) return path || '(field name)'
        stack.push({ v: inner, path: at })
      }
    }
  }
  return undefined
}

export function parseInput<S extends z.ZodType>(schema: S, value: unknown, where = 'body'): z.output<S> {
  const unstorable = findUnstorableText(value)
  if (unstorable !== undefined) {
    const path = unstorable || where
    const message = 'contains a NUL character or a broken Unicode sequence'
    // The path is built from client keys: keep it printable in the message.
    const shown = JSON.stringify(path).slice(1, -1)
    throw new AppError('validation.invalid_text', `Invalid ${where}: ${shown} ${message}.`, 400, [{ path: shown, code: 'invalid_text', message }])
  }
  const result = schema.safeParse(value ?? {})
  if (result.success) return result.data
  const details = result.error.issues.map((issue) => ({
    path: issue.path.length ? issue.path.join('.') : where,
    code: issue.code === 'unrecognized_keys' ? 'unknown_field' : issue.code,
    message: issue.code === 'unrecognized_keys' ? `unknown field(s): ${issue.keys.join(', ')}` : issue.message,
  }))
  throw new AppError('validation.failed', `Invalid ${where}: ${details.map((d) => `${d.path}: ${d.message}`).join('; ')}`, 400, details)
}
