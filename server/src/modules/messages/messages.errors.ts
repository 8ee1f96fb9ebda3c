import { AppError, badRequest, conflict, notFound } from '../../shared/errors.js'

export const invalidNumber = () => badRequest('messages.invalid_number', 'Write the number in international format (E.164), e.g. +6281234567890.')
export const idempotencyKeyRequired = () => badRequest('messages.idempotency_key_required', 'Send an Idempotency-Key header (1–255 printable characters) with every send, so a retry never sends twice.')
export const idempotencyKeyReused = () => conflict('idempotency.key_reused', 'This Idempotency-Key was already used with a different request in the last 24 hours.')
export const messageNotFound = () => notFound('messages.not_found', 'No such message.')
export const idempotencyInFlight = () => new AppError('idempotency.in_progress', 'A request with this Idempotency-Key is still being processed. Retry shortly.', 409)
export const notOnWhatsApp = () => new AppError('messages.not_on_whatsapp', 'This number is not on WhatsApp. Nothing was sent.', 422)
