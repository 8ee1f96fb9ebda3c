// The architecture lint rules fire on the imports and queries they forbid (and stay quiet on the
// allowed ones), and the module cycle check finds a circle — run on fixture code, not on mocks.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { RuleTester } from 'eslint'
import tseslint from 'typescript-eslint'
import architecture from '../../eslint/architecture.js'
import { findCycles, moduleGraph } from '../../eslint/module-cycles.js'

RuleTester.describe = describe
RuleTester.it = it
const tester = new RuleTester({ languageOptions: { parser: tseslint.parser, ecmaVersion: 2022, sourceType: 'module' } })
const at = (path: string) => `/repo/server/src/modules/${path}`

describe('architecture/module-boundaries', () => {
  tester.run('module-boundaries', architecture.rules['module-boundaries'], {
    valid: [
      { filename: at('followups/followups.service.ts'), code: "import type { InboxService } from '../inbox/inbox.service.js'" },
      { filename: at('inbox/inbox.service.ts'), code: "import { inboxRepository } from './inbox.repository.js'" },
      // A foreign key: one module's table referencing another's.
      { filename: at('followups/followups.tables.ts'), code: "import { conversations } from '../inbox/inbox.tables.js'" },
      { filename: '/repo/server/src/db/schema.ts', code: "export * from '../modules/inbox/inbox.tables.js'" },
    ],
    invalid: [
      { filename: at('insights/insights.jobs.ts'), code: "import { inboxRepository } from '../inbox/inbox.repository.js'", errors: [{ messageId: 'foreign' }] },
      { filename: at('insights/insights.repository.ts'), code: "import { conversations } from '../inbox/inbox.tables.js'", errors: [{ messageId: 'foreign' }] },
      { filename: at('team/team.service.ts'), code: "import type { UserRow } from '../auth/auth.repository.js'", errors: [{ messageId: 'foreign' }] },
      { filename: at('overview/overview.service.ts'), code: "export { inboxReadRepository } from '../inbox/inbox.read.repository.js'", errors: [{ messageId: 'foreign' }] },
    ],
  })
})

describe('architecture/sql-in-repositories', () => {
  tester.run('sql-in-repositories', architecture.rules['sql-in-repositories'], {
    valid: [
      { filename: at('followups/followups.repository.ts'), code: "import { and, eq } from 'drizzle-orm'\nexport const r = { get: (db) => db.select().from(t).where(and(eq(t.id, 1))) }" },
      { filename: at('inbox/inbox.service.ts'), code: "import type { SQL } from 'drizzle-orm'\nexport const f = (db) => db.transaction(async (tx) => repo.write(tx))" },
      { filename: at('inbox/inbox.service.ts'), code: "import { type SQL } from 'drizzle-orm'\nconst x: SQL | undefined = undefined" },
    ],
    invalid: [
      { filename: at('followups/followups.service.ts'), code: "import { and, eq } from 'drizzle-orm'", errors: [{ messageId: 'drizzle' }] },
      { filename: at('overview/overview.routes.ts'), code: "const rows = await db.execute(q)", errors: [{ messageId: 'query', data: { method: 'execute' } }] },
      { filename: at('inbox/inbox.service.ts'), code: "await this.deps.db.update(messages).set({})", errors: [{ messageId: 'query', data: { method: 'update' } }] },
      { filename: at('followups/followups.service.ts'), code: "await db.transaction(async (tx) => tx.insert(followUps).values({}))", errors: [{ messageId: 'query', data: { method: 'insert' } }] },
    ],
  })
})

describe('module cycle check', () => {
  const write = (root: string, path: string, code: string) => {
    mkdirSync(dirname(join(root, path)), { recursive: true })
    writeFileSync(join(root, path), code)
  }

  it('finds a circle through services and ignores foreign keys between tables', () => {
    const root = join(mkdtempSync(join(tmpdir(), 'cycles-')), 'src/modules')
    write(root, 'a/a.service.ts', "import type { BService } from '../b/b.service.js'\n")
    write(root, 'b/b.service.ts', "import {\n  thing,\n} from '../c/c.service.js'\n")
    write(root, 'c/c.service.ts', "export const thing = () => import('../a/a.service.js')\n")
    write(root, 'c/c.tables.ts', "import { d } from '../d/d.tables.js'\n")
    write(root, 'd/d.tables.ts', "import { c } from '../c/c.tables.js'\n")
    const cycles = findCycles(moduleGraph(root))
    expect(cycles).toEqual([['a', 'b', 'c', 'a']])
  })

  it('finds none in the product', () => {
    const modules = join(dirname(fileURLToPath(import.meta.url)), '../../src/modules')
    expect(findCycles(moduleGraph(modules))).toEqual([])
  })
})
