// Column types drizzle has no builder for, shared by the tables that need them.
import { customType } from 'drizzle-orm/pg-core'

/** PostgreSQL bytea as a Buffer (PGlite hands back a Uint8Array). */
export const bytea = customType<{ data: Buffer; driverData: Buffer | Uint8Array }>({
  dataType: () => 'bytea',
  fromDriver: (v) => (Buffer.isBuffer(v) ? v : Buffer.from(v)),
  toDriver: (v) => v,
})
