import { defineConfig } from 'drizzle-kit'

// Migrations are generated into the top-level drizzle/ folder and applied on start and in tests,
// the same files for postgres.js and PGlite. Keep the SQL to what PostgreSQL 15 supports.
export default defineConfig({
  dialect: 'postgresql',
  schema: './src/db/schema.ts',
  out: '../drizzle',
})
