// The HTTP contract: every route declares zod schemas for its params, query, body and responses
// (`schema:` in the route options); this plugin teaches Fastify to use them and serves the
// OpenAPI 3.1 document built from them at GET /api/v1/openapi.json (plugins/openapi.ts).
//
// Requests: the handlers parse their input with `parseInput` and the same schema objects the
// route declares, after authentication. Fastify's own validation step runs before the
// preHandler hooks that authenticate and check roles, so validating there would tell an
// anonymous caller which fields are wrong before telling them to log in, and would change the
// 401/403-before-400 order clients rely on. The validator compiler therefore accepts the raw
// value; the declared schemas are the documentation, and `parseInput` enforces them.
//
// Responses are serialized with JSON.stringify (Dates become ISO strings, nothing is stripped).
// With `checkResponses` (the tests) every response body is also parsed by its declared schema
// and a mismatch is a 500: the document can never silently drift from what the server sends.
import type { FastifyInstance, FastifySchema } from 'fastify'
import { z } from 'zod'
import { buildOpenApi, type ContractRoute } from './openapi.js'

/** The API's version in the document; /api/v1 paths change only with a new major. */
export const API_VERSION = '1.0.0'

export interface ContractOptions {
  /** Parse every response body with its declared schema (tests): a mismatch is a 500. */
  checkResponses: boolean
  version: string
}

export class ResponseContractError extends Error {
  constructor(route: string, status: string, issues: z.core.$ZodIssue[]) {
    super(`The ${status} response of ${route} does not match its schema: ${issues.slice(0, 5).map((i) => `${i.path.join('.') || '(body)'}: ${i.message}`).join('; ')}`)
  }
}

const OpenApiDocument = z.object({ openapi: z.literal('3.1.0') }).loose()

const isZod = (s: unknown): s is z.ZodType => typeof s === 'object' && s !== null && '_zod' in s

export function registerContract(app: FastifyInstance, opts: ContractOptions): void {
  const routes: ContractRoute[] = []
  app.setValidatorCompiler(() => (value) => ({ value }))
  app.setSerializerCompiler(({ schema, method, url, httpStatus }) => {
    if (!opts.checkResponses || !isZod(schema)) return (data) => JSON.stringify(data)
    return (data) => {
      const json = JSON.stringify(data)
      const checked = schema.safeParse(json === undefined ? undefined : JSON.parse(json))
      if (!checked.success) {
        const err = new ResponseContractError(`${method} ${url}`, String(httpStatus), checked.error.issues)
        // Tests run with a silent logger and the client only sees a bare 500: say here what broke.
        console.error(err.message)
        throw err
      }
      return json
    }
  })
  app.addHook('onRoute', (route) => {
    for (const method of [route.method].flat()) {
      if (method === 'HEAD') continue
      routes.push({ method, url: route.url, schema: route.schema as FastifySchema | undefined, scope: (route.config as { scope?: string } | undefined)?.scope })
    }
  })

  let document: string | undefined
  app.get('/api/v1/openapi.json', {
    schema: {
      summary: 'This document: the OpenAPI 3.1 description of every route',
      tags: ['meta'],
      security: [],
      response: { 200: OpenApiDocument },
    },
  }, async (_req, reply) => {
    // Built once, on first request, when every route is registered.
    document ??= JSON.stringify(buildOpenApi(routes, { version: opts.version }))
    return reply.type('application/json; charset=utf-8').send(document)
  })
}

/** The routes the document describes, for tests that walk them. */
export type { ContractRoute }
