// A real HTTP server that speaks the OpenAI chat-completions API shape, for tests: the SDK sends
// its actual request over a socket and parses an actual response, so nothing is mocked. It
// records every request, answers from a queue of scripted responses, else from a responder
// (default: a value that fits the requested JSON schema, or a short text), and can be told to
// fail or stall.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'

export interface RecordedRequest {
  method: string
  /** Path without the query string, e.g. `/v1/chat/completions`. */
  path: string
  headers: Record<string, string | string[] | undefined>
  /** The parsed JSON body (or the raw text when it was not JSON). */
  body: any
}

/** What to answer one request with. `content` (text) or `json` (serialised into content) or a raw `body`. */
export interface ScriptedResponse {
  status?: number
  content?: string
  json?: unknown
  /** A full raw response body; overrides `content`/`json`. */
  body?: unknown
  headers?: Record<string, string>
  delayMs?: number
  finishReason?: 'stop' | 'length' | 'content_filter'
  refusal?: string
}

export type Responder = (request: RecordedRequest) => ScriptedResponse | Promise<ScriptedResponse>

export interface OpenAiCompatibleServerOptions {
  responder?: Responder
}

/** A minimal value that satisfies a (strict, OpenAI-subset) JSON schema. */
export function sampleFromSchema(schema: any): unknown {
  if (!schema || typeof schema !== 'object') return null
  if (Array.isArray(schema.enum)) return schema.enum[0]
  if (schema.const !== undefined) return schema.const
  if (Array.isArray(schema.anyOf)) return sampleFromSchema(schema.anyOf[0])
  const type = Array.isArray(schema.type) ? schema.type.find((t: string) => t !== 'null') ?? 'null' : schema.type
  switch (type) {
    case 'object': {
      const out: Record<string, unknown> = {}
      for (const [key, sub] of Object.entries<any>(schema.properties ?? {})) out[key] = sampleFromSchema(sub)
      return out
    }
    case 'array':
      return []
    case 'string':
      return 'example'
    case 'number':
    case 'integer':
      return typeof schema.minimum === 'number' ? schema.minimum : 0
    case 'boolean':
      return false
    default:
      return null
  }
}

export const defaultResponder: Responder = (request) => {
  const format = request.body?.response_format
  if (format?.type === 'json_schema') return { json: sampleFromSchema(format.json_schema?.schema) }
  if (format?.type === 'json_object') return { json: {} }
  return { content: 'OK' }
}

export class OpenAiCompatibleServer {
  /** Every request received, in order. */
  readonly requests: RecordedRequest[] = []
  private readonly queue: ScriptedResponse[] = []
  private responder: Responder
  private server: Server | null = null
  private baseUrl = ''
  private counter = 0

  constructor(options: OpenAiCompatibleServerOptions = {}) {
    this.responder = options.responder ?? defaultResponder
  }

  /** Starts a server and resolves when it listens. */
  static async start(options: OpenAiCompatibleServerOptions = {}): Promise<OpenAiCompatibleServer> {
    return new OpenAiCompatibleServer(options).start()
  }

  /** Listens on 127.0.0.1 on a free port. */
  async start(): Promise<this> {
    const server = createServer((req, res) => void this.handle(req, res))
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    this.server = server
    this.baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`
    return this
  }

  /** The base URL to give the SDK (`baseURL`), ending in `/v1`. */
  get url(): string {
    if (!this.server) throw new Error('OpenAiCompatibleServer is not started')
    return this.baseUrl
  }

  /** Answers the next request with `response` (FIFO, before the responder). */
  enqueue(...responses: ScriptedResponse[]): void {
    this.queue.push(...responses)
  }

  /** The next `n` requests fail with `status` (an OpenAI-shaped error body). */
  failNext(status: number, n = 1, message = 'scripted failure'): void {
    for (let i = 0; i < n; i++) {
      this.queue.push({
        status,
        // Tells the SDK to retry at once: tests stay fast and exercise the real retry path.
        headers: { 'retry-after-ms': '5' },
        body: { error: { message, type: status === 429 ? 'rate_limit_exceeded' : 'server_error', param: null, code: null } },
      })
    }
  }

  /** The next `n` requests are answered by the responder after `ms`. */
  delayNext(ms: number, n = 1): void {
    for (let i = 0; i < n; i++) this.queue.push({ delayMs: ms })
  }

  /** Replaces the responder used when the queue is empty. */
  respondWith(responder: Responder): void {
    this.responder = responder
  }

  /** The bodies of the chat-completion requests, for assertions. */
  get chatRequests(): any[] {
    return this.requests.filter((r) => r.path.endsWith('/chat/completions')).map((r) => r.body)
  }

  async close(): Promise<void> {
    const server = this.server
    if (!server) return
    this.server = null
    server.closeAllConnections()
    await new Promise<void>((resolve) => server.close(() => resolve()))
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = []
    for await (const chunk of req) chunks.push(chunk as Buffer)
    const raw = Buffer.concat(chunks).toString('utf8')
    let body: any = raw
    try {
      body = raw ? JSON.parse(raw) : null
    } catch {}
    const request: RecordedRequest = { method: req.method ?? 'GET', path: (req.url ?? '/').split('?')[0] ?? '/', headers: req.headers, body }
    this.requests.push(request)

    if (request.method !== 'POST' || !request.path.endsWith('/chat/completions')) {
      return this.send(res, 404, { error: { message: `no route ${request.method} ${request.path}`, type: 'invalid_request_error', param: null, code: null } })
    }
    let scripted = this.queue.shift() ?? {}
    if (scripted.delayMs) await new Promise((r) => setTimeout(r, scripted.delayMs))
    if (res.destroyed) return
    const onlyDelay = scripted.status === undefined && scripted.content === undefined && scripted.json === undefined && scripted.body === undefined && scripted.refusal === undefined
    if (onlyDelay) scripted = { ...(await this.responder(request)), headers: scripted.headers ?? {} }
    const status = scripted.status ?? 200
    if (scripted.body !== undefined) return this.send(res, status, scripted.body, scripted.headers)
    const content = scripted.json !== undefined ? JSON.stringify(scripted.json) : (scripted.content ?? '')
    this.send(res, status, this.completion(String(body?.model ?? 'test-model'), content, scripted), scripted.headers)
  }

  private completion(model: string, content: string, scripted: ScriptedResponse) {
    this.counter++
    return {
      id: `chatcmpl-test-${this.counter}`,
      object: 'chat.completion',
      created: Math.floor(Date.now() / 1000),
      model,
      choices: [
        {
          index: 0,
          message: { role: 'assistant', content: scripted.refusal ? null : content, refusal: scripted.refusal ?? null },
          logprobs: null,
          finish_reason: scripted.finishReason ?? 'stop',
        },
      ],
      usage: { prompt_tokens: 0, completion_tokens: 0, total_tokens: 0 },
    }
  }

  private send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
    res.writeHead(status, { 'content-type': 'application/json', ...headers })
    res.end(JSON.stringify(body))
  }
}
