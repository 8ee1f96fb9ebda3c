// Turns the OpenAPI document's component schemas into TypeScript for the dashboard
// (web/app/types/api.generated.ts). Small on purpose: the document comes from zod
// (plugins/openapi.ts), so only the JSON Schema zod writes needs handling; anything else fails
// loudly rather than becoming `unknown` without anyone noticing. (openapi-typescript was the
// obvious choice but wants TypeScript 5 as a peer; the repository is on 6.)
type Schema = Record<string, unknown>

const HEADER = `// GENERATED from GET /api/v1/openapi.json by \`npm run gen:api-types\` — do not edit.
// The server's zod route schemas are the source (server/src/**/*.schemas.ts); a test fails when
// this file is stale (server/test/api-types/api-types.int.test.ts).
/* eslint-disable */
`

export function openApiToTs(doc: { components: { schemas: Record<string, Schema> }; paths: Record<string, Record<string, Schema>> }): string {
  const out: string[] = [HEADER]
  for (const [name, schema] of Object.entries(doc.components.schemas)) {
    const doc_ = comment(schema.description, '')
    const type = tsType(schema, '')
    if (type.startsWith('{')) out.push(`${doc_}export interface ${name} ${type}\n`)
    else out.push(`${doc_}export type ${name} = ${type}\n`)
  }
  // Every operation's success body, by "METHOD /path", for callers that want the exact shape.
  out.push('/** The success body of each operation, by `METHOD /path` (paths relative to /api/v1). */')
  out.push('export interface ApiResponses {')
  for (const [path, ops] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(ops)) {
      const responses = (op.responses ?? {}) as Record<string, Schema>
      const ok = Object.keys(responses).filter((c) => /^2\d\d$/.test(c)).sort()[0]
      const media = ok ? (responses[ok]!.content as Record<string, { schema: Schema }> | undefined) : undefined
      const json = media?.['application/json']?.schema
      out.push(`  '${method.toUpperCase()} ${path.replace(/^\/api\/v1/, '')}': ${json ? tsType(json, '  ') : ok === '204' ? 'void' : 'unknown'}`)
    }
  }
  out.push('}\n')
  return out.join('\n')
}

function comment(description: unknown, indent: string): string {
  return typeof description === 'string' && description ? `${indent}/** ${description.replace(/\*\//g, '*\\/').replace(/\n/g, ' ')} */\n` : ''
}

function tsType(s: Schema, indent: string): string {
  if (typeof s.$ref === 'string') return s.$ref.replace('#/components/schemas/', '')
  if ('const' in s) return JSON.stringify(s.const)
  if (Array.isArray(s.enum)) return s.enum.map((v) => JSON.stringify(v)).join(' | ')
  for (const key of ['anyOf', 'oneOf'] as const) {
    if (Array.isArray(s[key])) return [...new Set((s[key] as Schema[]).map((x) => tsType(x, indent)))].join(' | ')
  }
  if (Array.isArray(s.allOf)) return (s.allOf as Schema[]).map((x) => tsType(x, indent)).join(' & ')
  const types = Array.isArray(s.type) ? s.type as string[] : typeof s.type === 'string' ? [s.type] : []
  if (types.length > 1) return types.map((t) => tsType({ ...s, type: t }, indent)).join(' | ')
  switch (types[0]) {
    case 'string': return 'string'
    case 'number': case 'integer': return 'number'
    case 'boolean': return 'boolean'
    case 'null': return 'null'
    case 'array': {
      if (Array.isArray(s.prefixItems)) return `[${(s.prefixItems as Schema[]).map((x) => tsType(x, indent)).join(', ')}]`
      const item = tsType((s.items ?? {}) as Schema, indent)
      return /^[\w.]+$/.test(item) ? `${item}[]` : `Array<${item}>`
    }
    case 'object': return objectType(s, indent)
    case undefined: if (Object.keys(s).filter((k) => k !== 'description').length === 0) return 'unknown'
  }
  throw new Error(`openapi-to-ts: no TypeScript for ${JSON.stringify(s).slice(0, 200)}`)
}

function objectType(s: Schema, indent: string): string {
  const props = (s.properties ?? {}) as Record<string, Schema>
  const required = new Set((s.required ?? []) as string[])
  const inner = `${indent}  `
  const lines = Object.entries(props).map(([k, v]) =>
    `${comment(v.description, inner)}${inner}${/^[A-Za-z_$][\w$]*$/.test(k) ? k : JSON.stringify(k)}${required.has(k) ? '' : '?'}: ${tsType(v, inner)}`)
  const extra = s.additionalProperties
  if (extra && typeof extra === 'object') {
    const key = s.propertyNames && typeof s.propertyNames === 'object' ? tsType(s.propertyNames as Schema, inner) : 'string'
    if (lines.length === 0) return `Record<${key}, ${tsType(extra as Schema, inner)}>`
    lines.push(`${inner}[key: string]: ${tsType(extra as Schema, inner)}`)
  }
  return lines.length ? `{\n${lines.join('\n')}\n${indent}}` : 'Record<string, never>'
}
