// Building blocks of the HTTP contract (plugins/contract.ts): the error body every 4xx/5xx uses,
// timestamps as the API writes them, and the registry that names the shapes which become
// `components.schemas` in /api/v1/openapi.json and named types in web/app/types/api.ts.
import { z } from 'zod'

/** Shapes with a name in the OpenAPI document. Kept apart from zod's global registry on purpose:
 * an `id` there would make every `toJSONSchema` call elsewhere extract `$defs`. */
export const contractComponents = z.registry<{ id: string }>()

/** Every named shape, in naming order (a zod registry cannot be walked). */
export const namedShapes: Array<[z.ZodType, string]> = []

/** Gives `schema` a name in the OpenAPI document (and a named type in the web's generated types). */
export function named<S extends z.ZodType>(id: string, schema: S): S {
  if (namedShapes.some(([, taken]) => taken === id)) throw new Error(`Two API shapes are named ${id}`)
  contractComponents.add(schema, { id })
  namedShapes.push([schema, id])
  return schema
}

/** An ISO 8601 instant as the API writes it (`Date#toISOString`). Documented as `date-time`
 * without zod's long pattern, which only bloats the document. */
export const IsoTime = z.string().meta({ format: 'date-time' })
export const Uuid = z.string().meta({ format: 'uuid' })

export const ErrorBody = named('ApiError', z.object({
  error: z.object({
    /** Stable, `module.reason`: clients branch on this, never on the message. */
    code: z.string().meta({ description: 'Stable code, `module.reason` (e.g. `validation.failed`).' }),
    message: z.string().meta({ description: 'For people; may change.' }),
    details: z.array(z.object({
      path: z.string(),
      code: z.string(),
      message: z.string(),
    }).loose()).optional().meta({ description: 'One entry per bad field, for validation errors.' }),
  }),
}))

/** Every error status a route can answer: the one error body for all of them. */
export const errors = { '4xx': ErrorBody, '5xx': ErrorBody } as const

/** Marks a response with no body (204). */
export const NoContent = z.null().meta({ description: 'No content.' })

/** Response bodies that are not JSON (Prometheus text, the QR image…), by content type. */
const textBodies = new WeakMap<z.ZodType, string>()
export function asText<S extends z.ZodType>(schema: S, contentType = 'text/plain'): S {
  textBodies.set(schema, contentType)
  return schema
}
export const contentTypeOf = (schema: z.ZodType): string => textBodies.get(schema) ?? 'application/json'

/** `{ items: T[] }`, the list shape of routes without paging. */
export const ItemsOf = <T extends z.ZodType>(item: T) => z.object({ items: z.array(item) })
/** `{ items: T[], nextCursor }`, the list shape of paged routes (docs/API.md, Pagination). */
export const PageOf = <T extends z.ZodType>(item: T) => z.object({ items: z.array(item), nextCursor: z.string().nullable() })

/** Routes that take no query parameters (documented as none; unknown ones are ignored or refused by the handler). */
export const NoQuery = z.object({})
/** Routes whose body must be absent or `{}`. */
export const NoBody = z.strictObject({}).optional()
