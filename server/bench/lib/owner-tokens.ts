// Access tokens for the benchmark's shops: one owner per tenant, written straight into the
// database (no password to hash, no login round trip), and a token signed with the product's
// JWT_SECRET carrying the claims the auth plugin checks — user, tenant, role, session family and
// session version. The family has no refresh tokens, so it counts as not ended.
import { randomUUID } from 'node:crypto'
import { createSigner } from 'fast-jwt'
import { users } from '../../src/db/schema.js'
import type { Db } from '../../src/db/client.js'

export async function ownerTokens(db: Db, tenantIds: string[], jwtSecret: string): Promise<string[]> {
  const sign = createSigner({ key: jwtSecret, algorithm: 'HS256', expiresIn: 3_600_000 })
  const tokens: string[] = []
  for (const tid of tenantIds) {
    const userId = randomUUID()
    await db.insert(users).values({ id: userId, tenantId: tid, email: `bench-${userId}@example.com`, name: 'Bench owner', role: 'owner', passwordHash: 'not-a-hash:no-login' })
    tokens.push(sign({ sub: userId, tid, role: 'owner', sid: randomUUID(), ver: 0, iss: 'warta', aud: 'warta-api' }))
  }
  return tokens
}
