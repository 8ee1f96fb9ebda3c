import { badRequest, conflict, notFound } from '../../shared/errors.js'

export const batchNotFound = () => notFound('batches.not_found', 'No such batch.')
export const batchFinished = () => conflict('batches.finished', 'This batch was cancelled; it cannot be paused or resumed.')
export const invalidRecipients = (indexes: number[]) => badRequest('batches.invalid_number', 'Write every number in international format (E.164), e.g. +6281234567890.',
  indexes.map((i) => ({ path: `recipients.${i}.to`, code: 'batches.invalid_number', message: 'Not a valid E.164 number.' })))
export const missingVariables = (missing: Array<{ index: number; name: string }>) => badRequest('batches.missing_variable', 'Every placeholder in the template needs a value for every recipient.',
  missing.slice(0, 50).map((m) => ({ path: `recipients.${m.index}.variables.${m.name}`, code: 'batches.missing_variable', message: `No value for {{${m.name}}}.` })))
