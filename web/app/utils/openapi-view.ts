// Turns the OpenAPI document (GET /api/v1/openapi.json) into what the API reference page shows:
// operations grouped by tag, each with its parameters and the fields of its request and response
// bodies, nested fields flattened to dotted names ("contact.name", "items[].id").
export type JsonSchema = Record<string, unknown>
export interface OpenApiDoc {
  info: { title: string; version: string; description?: string }
  paths: Record<string, Record<string, OperationObject>>
  components: { schemas: Record<string, JsonSchema> }
}
interface OperationObject {
  operationId: string; summary?: string; description?: string; tags?: string[]
  security?: Array<Record<string, string[]>>
  parameters?: Array<{ name: string; in: string; required?: boolean; description?: string; schema: JsonSchema }>
  requestBody?: { required?: boolean; content: Record<string, { schema: JsonSchema }> }
  responses: Record<string, { description: string; content?: Record<string, { schema: JsonSchema }> }>
}
export interface FieldRow { name: string; type: string; required: boolean; description: string }
export interface OperationView {
  id: string; method: string; path: string; summary: string; description: string
  /** 'public', 'login', or the API key scope that also opens it. */
  access: { public: boolean; login: boolean; apiKeyScope: string | null; other: string | null }
  params: Array<FieldRow & { in: string }>
  body: FieldRow[] | null
  bodyRequired: boolean
  responses: Array<{ status: string; description: string; contentType: string | null; fields: FieldRow[] }>
}

const MAX_DEPTH = 4

export function operationsByTag(doc: OpenApiDoc): Array<{ tag: string; operations: OperationView[] }> {
  const groups = new Map<string, OperationView[]>()
  for (const [path, ops] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(ops)) {
      const tag = op.tags?.[0] ?? 'other'
      if (!groups.has(tag)) groups.set(tag, [])
      groups.get(tag)!.push(toView(doc, method, path, op))
    }
  }
  return [...groups.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([tag, operations]) => ({ tag, operations }))
}

function toView(doc: OpenApiDoc, method: string, path: string, op: OperationObject): OperationView {
  const security = op.security ?? []
  const apiKey = security.find((s) => s.apiKey)?.apiKey?.[0] ?? null
  const other = security.flatMap((s) => Object.keys(s)).find((k) => !['bearerAuth', 'apiKey'].includes(k)) ?? null
  const bodySchema = op.requestBody ? Object.values(op.requestBody.content)[0]?.schema : undefined
  return {
    id: op.operationId, method: method.toUpperCase(), path, summary: op.summary ?? '', description: op.description ?? '',
    access: { public: security.length === 0, login: security.some((s) => s.bearerAuth), apiKeyScope: apiKey, other },
    params: (op.parameters ?? []).map((p) => ({ in: p.in, name: p.name, required: !!p.required, type: typeOf(doc, p.schema), description: p.description ?? '' })),
    body: bodySchema ? fields(doc, bodySchema) : null,
    bodyRequired: !!op.requestBody?.required,
    responses: Object.entries(op.responses).map(([status, r]) => {
      const [contentType, media] = Object.entries(r.content ?? {})[0] ?? [null, undefined]
      return { status, description: r.description, contentType, fields: media && /^[12]/.test(status) ? fields(doc, media.schema) : [] }
    }),
  }
}

export function resolve(doc: OpenApiDoc, s: JsonSchema): JsonSchema {
  let cur = s
  for (let i = 0; i < 10 && typeof cur.$ref === 'string'; i += 1) {
    const target = doc.components.schemas[cur.$ref.split('/').pop()!]
    if (!target) break
    cur = { ...target, ...(cur.description ? { description: cur.description } : {}) }
  }
  return cur
}

const refName = (s: JsonSchema) => typeof s.$ref === 'string' ? s.$ref.split('/').pop()! : undefined

/** A short type for people: "string", "integer", "a | b", "Message[]", "string | null". */
export function typeOf(doc: OpenApiDoc, s: JsonSchema): string {
  const name = refName(s)
  const r = resolve(doc, s)
  if (name && r.type === 'object') return name
  if ('const' in r) return JSON.stringify(r.const)
  if (Array.isArray(r.enum)) return r.enum.map((v) => JSON.stringify(v)).join(' | ')
  const union = (r.anyOf ?? r.oneOf) as JsonSchema[] | undefined
  if (union) return union.map((x) => typeOf(doc, x)).join(' | ')
  const types = Array.isArray(r.type) ? r.type as string[] : r.type ? [r.type as string] : []
  if (types.length > 1) return types.map((t) => typeOf(doc, { ...r, type: t })).join(' | ')
  if (types[0] === 'array') return `${typeOf(doc, (r.items ?? {}) as JsonSchema)}[]`
  if (types[0] === 'string' && typeof r.format === 'string') return `string (${r.format})`
  return types[0] ?? 'any'
}

/** The fields of an object schema, nested objects and arrays of objects flattened. */
export function fields(doc: OpenApiDoc, schema: JsonSchema, prefix = '', depth = 0): FieldRow[] {
  const s = objectOf(doc, resolve(doc, schema))
  if (!s || depth > MAX_DEPTH) return []
  const required = new Set((s.required ?? []) as string[])
  const rows: FieldRow[] = []
  for (const [key, raw] of Object.entries((s.properties ?? {}) as Record<string, JsonSchema>)) {
    const r = resolve(doc, raw)
    const name = `${prefix}${key}`
    rows.push({ name, type: typeOf(doc, raw), required: required.has(key), description: String(r.description ?? raw.description ?? '') })
    const inner = objectOf(doc, r)
    if (inner) rows.push(...fields(doc, inner, `${name}.`, depth + 1))
    const item = arrayItem(doc, r)
    if (item) rows.push(...fields(doc, item, `${name}[].`, depth + 1))
  }
  return rows
}

/** The object behind `s`, also through "object | null". */
function objectOf(doc: OpenApiDoc, s: JsonSchema): JsonSchema | undefined {
  if (s.type === 'object' && s.properties) return s
  const union = (s.anyOf ?? s.oneOf) as JsonSchema[] | undefined
  const obj = union?.map((x) => resolve(doc, x)).find((x) => x.type === 'object' && x.properties)
  return obj
}

function arrayItem(doc: OpenApiDoc, s: JsonSchema): JsonSchema | undefined {
  const types = Array.isArray(s.type) ? s.type : [s.type]
  if (!types.includes('array') || !s.items) return undefined
  return objectOf(doc, resolve(doc, s.items as JsonSchema))
}
