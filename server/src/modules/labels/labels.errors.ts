import { badRequest, conflict, notFound } from '../../shared/errors.js'

export const labelNotFound = () => notFound('labels.not_found', 'No such label.')
export const labelNameTaken = (name: string) => conflict('labels.name_taken', `There is already a label called "${name}".`)
export const tooManyLabels = (max: number) => conflict('labels.limit_reached', `A shop can have up to ${max} labels. Delete one first.`)
export const unknownLabels = (ids: string[]) => badRequest('labels.unknown_label', 'Some labels do not exist (any more).',
  ids.map((id) => ({ path: 'labelIds', code: 'unknown_label', message: `No label ${id}.` })))
