import { badRequest, conflict, notFound } from '../../shared/errors.js'

export const webhookNotFound = () => notFound('webhooks.not_found', 'No such webhook endpoint.')
export const deliveryNotFound = () => notFound('webhooks.delivery_not_found', 'No such webhook delivery.')
export const urlForbidden = (why: string) => badRequest('webhooks.url_forbidden', why)
export const notDeadLetter = () => conflict('webhooks.not_failed', 'Only a delivery that failed for good can be redelivered.')
export const webhookInactive = () => conflict('webhooks.inactive', 'This endpoint is turned off. Turn it on before sending a test event.')
