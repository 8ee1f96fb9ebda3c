import { randomBytes, randomUUID } from 'node:crypto'

/** Row ids are UUIDv4 generated here (not by the database) so a caller knows an id before insert. */
export const newId = (): string => randomUUID()

/** URL-safe random token of `bytes` bytes of entropy. */
export const randomToken = (bytes = 32): string => randomBytes(bytes).toString('base64url')
