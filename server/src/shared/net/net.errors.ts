// Refusals of the guarded outbound HTTP client. They are client errors (4xx): the URL a tenant
// chose is not one the server will call, and nothing was sent.
import { AppError } from '../errors.js'

export class ForbiddenAddressError extends AppError {
  constructor(message: string) {
    super('net.forbidden_address', message, 400, [{ path: 'baseUrl', code: 'net.forbidden_address', message }])
    this.name = 'ForbiddenAddressError'
  }
}

export class UnresolvableHostError extends AppError {
  constructor(host: string) {
    const message = `The host "${host}" could not be found. Check the address.`
    super('net.unresolvable_host', message, 400, [{ path: 'baseUrl', code: 'net.unresolvable_host', message }])
    this.name = 'UnresolvableHostError'
  }
}

/** The refusal inside an error chain (fetch and the SDKs wrap it in `cause`), if there is one. */
export function findNetRefusal(err: unknown): ForbiddenAddressError | UnresolvableHostError | undefined {
  for (let e = err as { cause?: unknown } | undefined, depth = 0; e && depth < 8; e = e.cause as typeof e, depth++) {
    if (e instanceof ForbiddenAddressError || e instanceof UnresolvableHostError) return e
  }
  return undefined
}
