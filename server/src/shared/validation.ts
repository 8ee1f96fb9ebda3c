// zod at the edge: every route parses its params, query and body through one of these, so a
// client mistake is always a 400 `validation.failed` listing each bad field.
import type { z } from 'zod'
import { AppError } from './errors.js'

export function parseInput<S extends z.ZodType>(schema: S, value: unknown, where = 'body'): z.output<S> {
  const result = schema.safeParse(value ?? {})
  if (result.success) return result.data
  const details = result.error.issues.map((issue) => ({
    path: issue.path.length ? issue.path.join('.') : where,
    code: issue.code === 'unrecognized_keys' ? 'unknown_field' : issue.code,
    message: issue.code === 'unrecognized_keys' ? `unknown field(s): ${issue.keys.join(', ')}` : issue.message,
  }))
  throw new AppError('validation.failed', `Invalid ${where}: ${details.map((d) => `${d.path}: ${d.message}`).join('; ')}`, 400, details)
}
