import { badRequest, notFound, unauthorized } from '../../shared/errors.js'

export const apiKeyNotFound = () => notFound('api_keys.not_found', 'No such API key.')
export const expiryInPast = () => badRequest('api_keys.expiry_in_past', 'The expiry must be in the future.')
export const keyInvalid = () => unauthorized('auth.unauthenticated', 'Unknown API key.')
export const keyRevoked = () => unauthorized('auth.key_revoked', 'This API key was revoked. Make a new one on the Integrasi page.')
export const keyExpired = () => unauthorized('auth.key_expired', 'This API key has expired. Make a new one on the Integrasi page.')
