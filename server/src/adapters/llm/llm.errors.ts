// The one error type the AI layer throws. Callers (the inbox pipeline, the follow-up worker)
// decide from `retryable` whether to retry the job later or fall back to the offline classifier.
import { AppError } from '../../shared/errors.js'

export type LlmErrorCode =
  | 'llm.timeout'
  | 'llm.rate_limited'
  | 'llm.unavailable'
  | 'llm.unauthorized'
  | 'llm.bad_request'
  | 'llm.invalid_output'
  | 'llm.refused'

const RETRYABLE: ReadonlySet<LlmErrorCode> = new Set(['llm.timeout', 'llm.rate_limited', 'llm.unavailable'])

export class LlmError extends AppError {
  override readonly code: LlmErrorCode
  /** True when the same request may succeed later (timeouts, 429, 5xx, network). */
  readonly retryable: boolean
  /** HTTP status from the provider, when there was one. */
  readonly providerStatus: number | undefined

  constructor(code: LlmErrorCode, message: string, providerStatus?: number) {
    super(code, message, 502)
    this.name = 'LlmError'
    this.code = code
    this.retryable = RETRYABLE.has(code)
    this.providerStatus = providerStatus
  }
}

export function isLlmError(err: unknown): err is LlmError {
  return err instanceof LlmError
}
