// Builds the OpenAPI 3.1 document from the routes' zod schemas (plugins/contract.ts collects
// them). Request parts are described as clients send them (zod's "input" side: defaults are
// optional, coerced query numbers are numbers); responses as the server sends them ("output").
// Shapes named with `named()` (shared/http-schemas.ts) become components.schemas; a shape whose
// input and output differ and that requests use too gets a second component, `<Name>Input`.
import type { FastifySchema } from 'fastify'
import { z } from 'zod'
import { contentTypeOf, contractComponents, namedShapes, NoContent } from '../shared/http-schemas.js'

export interface ContractRoute { method: string; url: string; schema?: FastifySchema; scope?: string }
type Json = Record<string, unknown>
interface RouteSchema {
  params?: z.ZodType; querystring?: z.ZodType; headers?: z.ZodType; body?: z.ZodType
  response?: Record<string, z.ZodType>
  summary?: string; description?: string; tags?: string[]; operationId?: string
  security?: Array<Record<string, string[]>>
  /** Not JSON over HTTP (the WebSocket upgrade): described, not typed. */
  websocket?: boolean
  hide?: boolean
}

const REF = '#/components/schemas/'
const INPUT_PARTS = ['params', 'querystring', 'headers', 'body'] as const

/** Routes the document leaves out: @fastify/static's one route per dashboard file. */
export const isDocumented = (r: ContractRoute): boolean =>
  r.url.startsWith('/api/') || ['/healthz', '/readyz', '/metrics'].includes(r.url)

export function buildOpenApi(routes: ContractRoute[], info: { version: string }): Json {
  const seen = new Set<string>()
  const ops: Array<{ route: ContractRoute; schema: RouteSchema; path: string }> = []
  for (const route of routes) {
    if (!isDocumented(route)) continue
    const schema = (route.schema ?? {}) as RouteSchema
    // @fastify/websocket hides its routes from documentation generators; ours is described on purpose.
    if (schema.hide && !schema.websocket) continue
    const path = (route.url.length > 1 ? route.url.replace(/\/$/, '') : route.url).replace(/:(\w+)/g, '{$1}')
    const key = `${route.method} ${path}`
    if (seen.has(key)) continue
    seen.add(key)
    ops.push({ route, schema, path })
  }

  // One registry per side with every named shape and every route part, converted in one pass
  // so shared shapes become $refs.
  const partIds = new Map<z.ZodType, string>()
  const convert = (io: 'input' | 'output', parts: z.ZodType[]) => {
    const registry = z.registry<{ id: string }>()
    for (const [schema, meta] of namedSchemas()) registry.add(schema, meta)
    for (const part of parts) {
      if (contractComponents.has(part) || registry.has(part)) continue
      const id = partIds.get(part) ?? `_${partIds.size}`
      partIds.set(part, id)
      registry.add(part, { id })
    }
    const out = z.toJSONSchema(registry, { io, unrepresentable: 'any', target: 'draft-2020-12', uri: (id) => `${REF}${id}` }).schemas as Record<string, Json>
    for (const s of Object.values(out)) { delete s.$schema; delete s.$id }
    return out
  }
  const inputParts = ops.flatMap(({ schema }) => INPUT_PARTS.map((p) => schema[p]).filter((s): s is z.ZodType => !!s))
  const outputParts = ops.flatMap(({ schema }) => Object.values(schema.response ?? {}))
  const inputs = convert('input', inputParts)
  const outputs = convert('output', outputParts)

  const idOf = (s: z.ZodType) => contractComponents.get(s)?.id ?? partIds.get(s)!
  const components: Record<string, Json> = {}
  const refsIn = (value: unknown, into: Set<string>, table: Record<string, Json>) => {
    const walk = (v: unknown): void => {
      if (Array.isArray(v)) { v.forEach(walk); return }
      if (!v || typeof v !== 'object') return
      for (const [k, inner] of Object.entries(v)) {
        if (k === '$ref' && typeof inner === 'string' && inner.startsWith(REF)) {
          const id = inner.slice(REF.length)
          if (!into.has(id)) { into.add(id); walk(table[id]) }
        } else walk(inner)
      }
    }
    walk(value)
  }
  // Which named input shapes differ from their output: requests refer to `<Name>Input` then.
  const inputUsed = new Set<string>()
  refsIn(inputParts.map((p) => inputs[idOf(p)]), inputUsed, inputs)
  const renamed = new Map<string, string>()
  for (const id of inputUsed) {
    if (id.startsWith('_')) continue
    if (outputs[id] && JSON.stringify(outputs[id]) !== JSON.stringify(inputs[id])) renamed.set(id, `${id}Input`)
  }
  const renameRefs = <T>(v: T): T => renamed.size === 0 ? v
    : JSON.parse(JSON.stringify(v).replace(/"#\/components\/schemas\/([\w]+)"/g, (m, id: string) => renamed.has(id) ? `"${REF}${renamed.get(id)}"` : m)) as T
  for (const [id, s] of Object.entries(outputs)) if (!id.startsWith('_')) components[id] = s
  for (const id of inputUsed) {
    if (id.startsWith('_')) continue
    if (renamed.has(id)) components[renamed.get(id)!] = renameRefs(inputs[id]!)
    else if (!outputs[id]) components[id] = renameRefs(inputs[id]!)
  }
  // Unnamed shapes that other shapes refer to stay components; the rest are inlined.
  const partRefs = new Set<string>()
  refsIn([...Object.values(components), ...inputParts.map((p) => inputs[idOf(p)]), ...outputParts.map((p) => outputs[idOf(p)])].map((s) => ({ ...s, $ref: undefined })), partRefs, { ...inputs, ...outputs })
  const inline = (s: z.ZodType, side: Record<string, Json>): Json => {
    const id = idOf(s)
    if (contractComponents.has(s) || partRefs.has(id)) {
      if (!components[id]) components[id] = side[id]!
      return { $ref: `${REF}${renamed.get(id) && side === inputs ? renamed.get(id) : id}` }
    }
    return side === inputs ? renameRefs(side[id]!) : side[id]!
  }

  const paths: Record<string, Record<string, Json>> = {}
  for (const { route, schema, path } of ops) {
    const parameters: Json[] = []
    for (const [part, where] of [['params', 'path'], ['querystring', 'query'], ['headers', 'header']] as const) {
      const s = schema[part]
      if (!s) continue
      const json = renameRefs(inputs[idOf(s)]!)
      const props = (json.properties ?? {}) as Record<string, Json>
      const required = new Set((json.required ?? []) as string[])
      for (const [name, p] of Object.entries(props)) {
        const { description, ...rest } = p
        parameters.push({ name, in: where, required: where === 'path' || required.has(name), ...(description ? { description } : {}), schema: rest })
      }
    }
    let requestBody: Json | undefined
    if (schema.body) {
      const json = inputs[idOf(schema.body)]!
      const empty = json.type === 'object' && Object.keys((json.properties ?? {}) as Json).length === 0
      const optional = schema.body.safeParse(undefined).success
      if (!empty) requestBody = { required: !optional, content: { [contentTypeOf(schema.body)]: { schema: inline(schema.body, inputs) } } }
    }
    const responses: Record<string, Json> = {}
    for (const [status, s] of Object.entries(schema.response ?? {})) {
      const code = status.replace(/xx$/i, 'XX')
      const description = (outputs[idOf(s)]?.description as string | undefined) ?? describeStatus(code)
      responses[code] = s === NoContent || code === '204' || code === '101'
        ? { description }
        : { description, content: { [contentTypeOf(s)]: { schema: inline(s, outputs) } } }
    }
    const security = schema.security ?? [{ bearerAuth: [] }, ...(route.scope ? [{ apiKey: [route.scope] }] : [])]
    const op: Json = {
      operationId: schema.operationId ?? operationId(route.method, path),
      ...(schema.summary ? { summary: schema.summary } : {}),
      ...(schema.description ? { description: schema.description } : {}),
      tags: schema.tags ?? [path.split('/')[3] ?? 'meta'],
      security,
      ...(parameters.length ? { parameters } : {}),
      ...(requestBody ? { requestBody } : {}),
      responses,
    }
    ;(paths[path] ??= {})[route.method.toLowerCase()] = op
  }

  return {
    openapi: '3.1.0',
    info: {
      title: 'Warta API',
      version: info.version,
      description: 'WhatsApp gateway and AI-tagged inbox. The narrative guide (auth, errors, pagination, realtime events, webhooks) is docs/API.md; this document is generated from the route schemas.',
    },
    servers: [{ url: '/' }],
    tags: [...new Set(Object.values(paths).flatMap((p) => Object.values(p).flatMap((o) => o.tags as string[])))].sort().map((name) => ({ name })),
    // Sorted, so the document (and the web types generated from it) do not change with the order
    // modules happen to be mounted in.
    paths: Object.fromEntries(Object.entries(paths).sort(([a], [b]) => a.localeCompare(b))),
    components: {
      schemas: Object.fromEntries(Object.entries(components).sort(([a], [b]) => a.localeCompare(b))),
      securitySchemes: {
        bearerAuth: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT', description: 'The access token from POST /api/v1/auth/login (15 minutes; renew with POST /api/v1/auth/refresh).' },
        apiKey: { type: 'http', scheme: 'bearer', bearerFormat: 'wk_live_…', description: 'An API key (Integrasi page or POST /api/v1/api-keys), sent as `Authorization: Bearer wk_live_…`; the operation lists the scope it needs.' },
        metricsToken: { type: 'http', scheme: 'bearer', description: 'The operator\'s METRICS_TOKEN (GET /metrics only).' },
        refreshCookie: { type: 'apiKey', in: 'cookie', name: 'warta_rt', description: 'The httpOnly refresh cookie set at login.' },
      },
    },
  }
}

const operationId = (method: string, path: string) =>
  method.toLowerCase() + path.replace(/^\/api\/v1/, '').split(/[/{}.-]+/).filter(Boolean).map((w) => w[0]!.toUpperCase() + w.slice(1)).join('')

const STATUS: Record<string, string> = {
  '200': 'OK', '201': 'Created', '202': 'Accepted', '204': 'No content', '101': 'Switching to the WebSocket protocol',
  '4XX': 'A client error: `{ error: { code, message, details? } }` with a stable code', '5XX': 'A server error or a dependency briefly unavailable (503, retry)',
}
const describeStatus = (code: string) => STATUS[code] ?? 'Response'

function namedSchemas(): Array<[z.ZodType, { id: string }]> {
  return namedShapes.map(([s, id]) => [s, { id }])
}
