// A real HTTP server that speaks the OpenAI chat-completions API shape, for tests: the SDK sends
// its actual request over a socket and parses an actual response, so nothing is mocked. It
// records every request, answers from a queue of scripted responses, else from a responder
// (default: a value that fits the requested JSON schema, or a short text), and can be told to
// fail or stall. It also serves `/embeddings` (a deterministic vector per input: the same text
// always gets the same vector, texts sharing words get close ones) and `/audio/transcriptions`
// (multipart upload in; the transcript the test registered for those exact bytes out, by their
// SHA-256 — an audio nobody registered is a 400, so a test cannot pass on a constant), and reports token usage counted from the
// request and answer sizes, so usage accounting is tested against real numbers.
import { createHash } from 'node:crypto'
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
  /** The vector `/embeddings` returns for a text (default: `testEmbedding`). */
  embed?: (text: string) => number[]
}

/** Dimensions of the test embeddings. */
export const EMBEDDING_DIMENSIONS = 64

/** A unit vector from the words of `text` (hashed into buckets): deterministic, similarity-preserving. */
export function testEmbedding(text: string): number[] {
  const v = new Array<number>(EMBEDDING_DIMENSIONS).fill(0)
  for (const word of text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []) {
    let h = 2166136261
    for (const ch of word) h = Math.imul(h ^ ch.codePointAt(0)!, 16777619)
    v[(h >>> 0) % EMBEDDING_DIMENSIONS]! += 1
  }
  const norm = Math.hypot(...v) || 1
  return v.map((x) => x / norm)
}

/** The token count the server reports for a text: about four characters a token, at least one. */
export const testTokens = (text: string) => Math.max(1, Math.ceil(text.length / 4))

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
  /** Tokens this server reported in chat-completion answers so far (what a tenant was "billed"). */
  readonly reported = { promptTokens: 0, completionTokens: 0 }
  /** What `/audio/transcriptions` answers, by the SHA-256 (hex) of the uploaded file. */
  private readonly transcripts = new Map<string, string>()
  /** Transcriptions answered, by SHA-256 of the file (what the product sent). */
  readonly transcribed: string[] = []

  constructor(private readonly options: OpenAiCompatibleServerOptions = {}) {
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

  /** `/audio/transcriptions` answers `text` for exactly these bytes. */
  registerTranscript(audio: Buffer, text: string): void {
    this.transcripts.set(createHash('sha256').update(audio).digest('hex'), text)
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
    const rawBytes = Buffer.concat(chunks)
    const raw = rawBytes.toString('utf8')
    let body: any = raw
    try {
      body = raw ? JSON.parse(raw) : null
    } catch {}
    const request: RecordedRequest = { method: req.method ?? 'GET', path: (req.url ?? '/').split('?')[0] ?? '/', headers: req.headers, body }
    this.requests.push(request)

    if (request.method === 'POST' && request.path.endsWith('/embeddings')) return this.embeddings(res, request)
    if (request.method === 'POST' && request.path.endsWith('/audio/transcriptions')) {
      // A multipart body: the file part must be there, or the answer is a 400 as OpenAI gives.
      const file = multipartFile(rawBytes, String(req.headers['content-type'] ?? ''))
      if (!file) return this.send(res, 400, { error: { message: 'file is required', type: 'invalid_request_error', param: 'file', code: null } })
      const scripted = this.queue.shift()
      if (scripted?.status && scripted.status >= 400) return this.send(res, scripted.status, scripted.body ?? { error: { message: 'scripted failure', type: 'server_error', param: null, code: null } }, scripted.headers)
      const sha = createHash('sha256').update(file).digest('hex')
      const text = scripted?.content ?? this.transcripts.get(sha)
      if (text === undefined) return this.send(res, 400, { error: { message: 'audio not recognised', type: 'invalid_request_error', param: 'file', code: null } })
      this.transcribed.push(sha)
      return this.send(res, 200, { text })
    }
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
    this.send(res, status, this.completion(String(body?.model ?? 'test-model'), content, scripted, testTokens(JSON.stringify(body?.messages ?? ''))), scripted.headers)
  }

  private embeddings(res: ServerResponse, request: RecordedRequest): void {
    const input = request.body?.input
    const texts: string[] = Array.isArray(input) ? input.map(String) : typeof input === 'string' ? [input] : []
    if (texts.length === 0) return this.send(res, 400, { error: { message: 'input is required', type: 'invalid_request_error', param: 'input', code: null } })
    const tokens = texts.reduce((n, t) => n + testTokens(t), 0)
    const base64 = request.body?.encoding_format === 'base64'
    this.send(res, 200, {
      object: 'list',
      model: String(request.body?.model ?? 'test-embedding'),
      // The SDK asks for base64 (little-endian float32) unless told otherwise, as OpenAI serves it.
      data: texts.map((t, index) => {
        const vector = (this.options.embed ?? testEmbedding)(t)
        return { object: 'embedding', index, embedding: base64 ? Buffer.from(new Float32Array(vector).buffer).toString('base64') : vector }
      }),
      usage: { prompt_tokens: tokens, total_tokens: tokens },
    })
  }

  private completion(model: string, content: string, scripted: ScriptedResponse, promptTokens: number) {
    this.counter++
    this.reported.promptTokens += promptTokens
    this.reported.completionTokens += testTokens(content)
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
      usage: { prompt_tokens: promptTokens, completion_tokens: testTokens(content), total_tokens: promptTokens + testTokens(content) },
    }
  }

  private send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
    res.writeHead(status, { 'content-type': 'application/json', ...headers })
    res.end(JSON.stringify(body))
  }
}

/** The bytes of the `file` part of a multipart/form-data body, or null. */
function multipartFile(body: Buffer, contentType: string): Buffer | null {
  const boundary = /boundary=(?:"([^"]+)"|([^;]+))/i.exec(contentType)
  if (!boundary) return null
  const delimiter = Buffer.from(`--${boundary[1] ?? boundary[2]}`)
  let at = body.indexOf(delimiter)
  while (at !== -1) {
    const next = body.indexOf(delimiter, at + delimiter.length)
    if (next === -1) break
    const part = body.subarray(at + delimiter.length, next)
    const headerEnd = part.indexOf('\r\n\r\n')
    if (headerEnd !== -1 && /name="file"/.test(part.subarray(0, headerEnd).toString('utf8'))) {
      return part.subarray(headerEnd + 4, part.length - 2) // the part ends with CRLF before the next delimiter
    }
    at = next
  }
  return null
}
