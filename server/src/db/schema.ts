// Every table, re-exported for drizzle-kit and for the typed query builder. Tables live in their
// module (`<module>.tables.ts`).
export * from '../modules/tenants/tenants.tables.js'
export * from '../modules/auth/auth.tables.js'
export * from '../modules/sessions/sessions.tables.js'
export * from '../modules/inbox/inbox.tables.js'
export * from '../modules/insights/insights.tables.js'
export * from '../modules/followups/followups.tables.js'
export * from '../modules/ai-config/ai-config.tables.js'
