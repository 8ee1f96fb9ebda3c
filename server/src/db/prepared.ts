// drizzle sends every query through postgres.js `unsafe()` with unnamed statements unless a query
// is explicitly `.prepare()`d. postgres.js then describes each parameterised query before running
// it: two round trips per query, and a fresh parse and plan on the server every time. Named
// statements are described once per connection and reused, so the steady state is one round trip.
// This wraps the client (and the clients it hands to transactions) so that is the default.
import type { Sql } from 'postgres'

type AnyFn = (...args: unknown[]) => unknown

export function preparedByDefault<T extends Sql>(sql: T): T {
  return new Proxy(sql, {
    get(target, prop) {
      const value = (target as unknown as Record<PropertyKey, unknown>)[prop]
      if (prop === 'unsafe') {
        return (query: string, args?: unknown[], opts?: Record<string, unknown>) =>
          target.unsafe(query, args as never, { ...opts, prepare: true })
      }
      if (prop === 'begin' || prop === 'savepoint') {
        // The callback is last; the optional first argument is the transaction mode or name.
        return (...args: unknown[]) => {
          const fn = args.pop() as (tx: Sql) => unknown
          return (value as AnyFn)(...args, (tx: Sql) => fn(preparedByDefault(tx)))
        }
      }
      return value
    },
  })
}
