// The HTTP client behind useApi(): JSON in and out, the access token attached, one shared
// refresh-and-retry on an expired token, and every error turned into a typed ApiError.
// Pure (fetch and session hooks are injected) so test/unit/api-client.test.ts can drive it.
import type { Session } from '../types/api'

export interface ApiErrorDetail { path: string; code: string; message: string }

/** An error answer of the API (`{ error: { code, message, details } }`), or a network failure (`status` 0). */
export class ApiError extends Error {
  readonly status: number
  readonly code: string
  readonly details: ApiErrorDetail[]
  /** Seconds to wait (429 answers carry Retry-After). */
  readonly retryAfter: number | null

  constructor(status: number, code: string, message: string, details: ApiErrorDetail[] = [], retryAfter: number | null = null) {
    super(message)
    this.name = 'ApiError'
    this.status = status
    this.code = code
    this.details = details
    this.retryAfter = retryAfter
  }

  /** Too many attempts: wait and try again. Never a reason to sign anyone out. */
  get rateLimited(): boolean { return this.status === 429 }

  /** First message per field path ("email", "profile.hours", "followUp.afterHours"). */
  get fieldErrors(): Record<string, ApiErrorDetail> {
    const out: Record<string, ApiErrorDetail> = {}
    for (const d of this.details) if (d.path && !out[d.path]) out[d.path] = d
    return out
  }
}

export function isApiError(e: unknown): e is ApiError {
  return e instanceof ApiError
}

/** Codes after which a refresh is worth trying (anything else on 401 is a real "no"). */
const REFRESHABLE = new Set(['auth.token_expired', 'auth.unauthenticated', 'auth.session_revoked'])
/** Endpoints that must never trigger a refresh (they are the ones that hand out sessions). */
const NO_REFRESH_PATHS = ['/auth/login', '/auth/register', '/auth/refresh', '/auth/logout']

export interface RequestOptions {
  body?: unknown
  /** A multipart body (file uploads); the browser sets its content type with the boundary. */
  form?: FormData
  query?: Record<string, string | number | boolean | null | undefined>
  signal?: AbortSignal
  /** With `form`: called with 0–1 as the body goes out (fetch cannot tell; XMLHttpRequest can). */
  onUploadProgress?: (fraction: number) => void
  /** Read the answer as a file (CSV exports) instead of JSON. */
  blob?: boolean
  /** Extra request headers (an Idempotency-Key); never the authorization, which the client owns. */
  headers?: Record<string, string>
}

export interface ApiClientOptions {
  /** "/api/v1" in the browser; an absolute URL in tests. */
  baseUrl: string
  fetch: typeof fetch
  getToken: () => string | null
  /** A refresh (or login) produced a new session. */
  onSession: (session: Session) => void
  /** The session is gone for good (refresh refused): the caller sends the user to the login page. */
  onSessionLost: () => void
  /** Any answer was 429: the caller tells the person how long to wait (it is not a logout). */
  onRateLimited?: (retryAfterSeconds: number) => void
  /**
   * Runs the refresh request so that no other tab of this browser refreshes at the same moment:
   * tabs share the refresh cookie, and two presenting one token at once is reuse (the server
   * ends the session). The browser passes a Web Locks wrapper.
   */
  exclusive?: <T>(work: () => Promise<T>) => Promise<T>
}

export type ApiClient = ReturnType<typeof createApiClient>

export function createApiClient(opts: ApiClientOptions) {
  let refreshing: Promise<Session | null> | null = null

  function url(path: string, query?: RequestOptions['query']): string {
    const qs = new URLSearchParams()
    for (const [k, v] of Object.entries(query ?? {})) if (v !== undefined && v !== null && v !== '') qs.set(k, String(v))
    const s = qs.toString()
    return `${opts.baseUrl}${path}${s ? `?${s}` : ''}`
  }

  async function send(method: string, path: string, o: RequestOptions, token: string | null): Promise<Response> {
    const headers: Record<string, string> = { ...o.headers, accept: o.blob ? '*/*' : 'application/json' }
    // Bodiless POSTs still send `{}`: the server parses every body, and an empty JSON body is an error.
    const json = o.body !== undefined ? JSON.stringify(o.body) : method === 'GET' || method === 'DELETE' || o.form ? undefined : '{}'
    if (json !== undefined) headers['content-type'] = 'application/json'
    const body = o.form ?? json
    if (token) headers.authorization = `Bearer ${token}`
    if (o.form && o.onUploadProgress && typeof XMLHttpRequest !== 'undefined') return sendWithProgress(method, url(path, o.query), headers, o.form, o.onUploadProgress, o.signal)
    try {
      return await opts.fetch(url(path, o.query), { method, headers, body, credentials: 'same-origin', signal: o.signal })
    } catch (e) {
      if ((e as Error)?.name === 'AbortError') throw e
      throw new ApiError(0, 'network', (e as Error)?.message ?? 'Network error')
    }
  }

  /** The same request over XMLHttpRequest, answered as a fetch Response so errors and refreshes go the one way. */
  function sendWithProgress(method: string, to: string, headers: Record<string, string>, form: FormData, onProgress: (f: number) => void, signal?: AbortSignal): Promise<Response> {
    return new Promise((resolve, reject) => {
      const xhr = new XMLHttpRequest()
      xhr.open(method, to)
      for (const [k, v] of Object.entries(headers)) xhr.setRequestHeader(k, v)
      xhr.upload.onprogress = (e) => { if (e.lengthComputable && e.total) onProgress(e.loaded / e.total) }
      xhr.onload = () => {
        const h = new Headers()
        for (const line of xhr.getAllResponseHeaders().trim().split(/[\r\n]+/)) {
          const at = line.indexOf(':')
          if (at > 0) h.append(line.slice(0, at).trim(), line.slice(at + 1).trim())
        }
        resolve(new Response(xhr.status === 204 ? null : xhr.responseText, { status: xhr.status, statusText: xhr.statusText, headers: h }))
      }
      xhr.onerror = () => reject(new ApiError(0, 'network', 'Network error'))
      xhr.onabort = () => reject(new DOMException('The upload was cancelled.', 'AbortError'))
      if (signal?.aborted) return reject(new DOMException('The upload was cancelled.', 'AbortError'))
      signal?.addEventListener('abort', () => xhr.abort(), { once: true })
      xhr.send(form)
    })
  }

  async function toError(res: Response): Promise<ApiError> {
    let payload: unknown
    try { payload = await res.json() } catch { /* not JSON (proxy page, empty body) */ }
    const err = (payload as { error?: { code?: string; message?: string; details?: ApiErrorDetail[] } } | undefined)?.error
    let retryAfter: number | null = null
    if (res.status === 429) {
      const header = Number(res.headers.get('retry-after'))
      retryAfter = Number.isFinite(header) && header > 0 ? Math.ceil(header) : 60
      opts.onRateLimited?.(retryAfter)
    }
    if (err?.code) {
      const details = Array.isArray(err.details) ? err.details.map((d) => ({ ...d, path: Array.isArray(d.path) ? d.path.join('.') : String(d.path ?? '') })) : []
      return new ApiError(res.status, err.code, err.message ?? err.code, details, retryAfter)
    }
    return new ApiError(res.status, `http_${res.status}`, res.statusText || `HTTP ${res.status}`, [], retryAfter)
  }

  async function parse<T>(res: Response, o: RequestOptions = {}): Promise<T> {
    if (o.blob) return (await res.blob()) as T
    if (res.status === 204) return undefined as T
    const text = await res.text()
    return (text ? JSON.parse(text) : undefined) as T
  }

  /**
   * POST /auth/refresh with the httpOnly cookie; concurrent callers share one request. Resolves
   * null when the session is over (the server refused it); REJECTS with the ApiError when it
   * could not tell — rate limited (429), server error, network — because that is not a logout.
   */
  function refresh(): Promise<Session | null> {
    if (!refreshing) {
      refreshing = (async () => {
        try {
          const exclusive = opts.exclusive ?? (<T>(work: () => Promise<T>) => work())
          const res = await exclusive(() => send('POST', '/auth/refresh', {}, null))
          if (!res.ok) {
            const error = await toError(res)
            if (res.status === 429 || res.status >= 500) throw error
            return null
          }
          const session = await parse<Session>(res)
          opts.onSession(session)
          return session
        } finally {
          refreshing = null
        }
      })()
    }
    return refreshing
  }

  async function request<T>(method: string, path: string, o: RequestOptions = {}): Promise<T> {
    const res = await send(method, path, o, opts.getToken())
    if (res.ok) return parse<T>(res, o)
    const error = await toError(res)
    if (res.status !== 401 || !REFRESHABLE.has(error.code) || NO_REFRESH_PATHS.includes(path)) throw error
    // A refresh that could not finish (429, 5xx, network) throws its own error: still signed in.
    const session = await refresh()
    if (!session) {
      opts.onSessionLost()
      throw error
    }
    const retried = await send(method, path, o, session.accessToken)
    if (retried.ok) return parse<T>(retried, o)
    const again = await toError(retried)
    if (retried.status === 401) opts.onSessionLost()
    throw again
  }

  return {
    request,
    refresh,
    get: <T>(path: string, query?: RequestOptions['query'], signal?: AbortSignal) => request<T>('GET', path, { query, signal }),
    post: <T>(path: string, body?: unknown) => request<T>('POST', path, { body }),
    put: <T>(path: string, body?: unknown) => request<T>('PUT', path, { body }),
    patch: <T>(path: string, body?: unknown) => request<T>('PATCH', path, { body }),
    del: <T = void>(path: string) => request<T>('DELETE', path),
    upload: <T>(path: string, form: FormData, o: Pick<RequestOptions, 'onUploadProgress' | 'signal'> = {}) => request<T>('POST', path, { form, ...o }),
    /** A file the server makes (the token goes in the header, never in a link). */
    download: (path: string, query?: RequestOptions['query']) => request<Blob>('GET', path, { query, blob: true }),
  }
}
