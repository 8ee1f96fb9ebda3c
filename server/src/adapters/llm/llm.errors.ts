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
  /** The model's reply stated a price, total or percentage that the shop's context does not hold. */
  | 'llm.ungrounded'
  /** The tenant's monthly token cap is used up: the built-in engine answers until the month turns. */
  | 'llm.cap_reached'
  /** The guarded HTTP client refused the base URL (private/loopback address, plain http): not sent at all. */
  | 'net.forbidden_address'

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
