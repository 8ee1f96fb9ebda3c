// Errors that cross a module boundary carry a stable, dotted code (`auth.invalid_credentials`).
// The HTTP error handler maps them to `{ error: { code, message, details? } }`; anything that is
// not an AppError is a bug and becomes a 500 with no details.

export interface ErrorDetail {
  path: string
  code: string
  message: string
}

export class AppError extends Error {
  readonly code: string
  readonly status: number
  readonly details: ErrorDetail[] | undefined

  constructor(code: string, message: string, status = 400, details?: ErrorDetail[]) {
    super(message)
    this.name = 'AppError'
    this.code = code
    this.status = status
    this.details = details
  }
}

export const badRequest = (code: string, message: string, details?: ErrorDetail[]) =>
  new AppError(code, message, 400, details)
export const unauthorized = (code: string, message: string) => new AppError(code, message, 401)
export const forbidden = (code: string, message: string) => new AppError(code, message, 403)
export const notFound = (code: string, message: string) => new AppError(code, message, 404)
export const conflict = (code: string, message: string) => new AppError(code, message, 409)

/** 429 with a Retry-After header (set by the error handler) and a stable code. */
export class RateLimitedError extends AppError {
  readonly retryAfterSeconds: number

  constructor(code: string, message: string, retryAfterSeconds: number) {
    super(code, message, 429)
    this.name = 'RateLimitedError'
    this.retryAfterSeconds = Math.max(1, Math.ceil(retryAfterSeconds))
  }
}

export function isAppError(err: unknown): err is AppError {
  return err instanceof AppError
}
