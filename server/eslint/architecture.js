// The module shape, as lint rules (see docs/ARCHITECTURE.md):
// - module-boundaries: a module reaches another module only through its service. Importing another
//   module's *.repository or *.tables is an error; a *.tables file may import another module's
//   tables for a foreign key.
// - sql-in-repositories: SQL lives in *.repository.ts. Other module files may not import
//   drizzle-orm's query helpers (type imports are fine) nor call select/insert/update/delete/
//   execute on a database handle (`db`, `tx`, `….db`). A service may still open a transaction and
//   hand it to repositories.
import { dirname, resolve, sep } from 'node:path'

const MODULE = /[\\/]src[\\/]modules[\\/]([^\\/]+)[\\/]/

/** The module a file belongs to, or undefined outside src/modules. */
export function moduleOf(file) {
  return MODULE.exec(file)?.[1]
}

const role = (file) => /\.(repository|tables)\.(ts|js)$/.exec(file)?.[1]

const moduleBoundaries = {
  meta: {
    type: 'problem',
    docs: { description: 'Another module only through its service: no imports of its *.repository or *.tables.' },
    messages: {
      foreign: 'src/modules/{{from}} must not import the {{role}} of module "{{to}}": call its service (narrowed with Pick<…>) instead.',
    },
    schema: [],
  },
  create(context) {
    const file = context.filename
    const from = moduleOf(file)
    if (!from) return {}
    const check = (node, spec) => {
      if (typeof spec !== 'string' || !spec.startsWith('.')) return
      const target = resolve(dirname(file), spec)
      const to = moduleOf(target + sep)
      const targetRole = role(target)
      if (!to || to === from || !targetRole) return
      // Foreign keys: a table may reference another module's table.
      if (role(file) === 'tables' && targetRole === 'tables') return
      context.report({ node, messageId: 'foreign', data: { from, to, role: targetRole } })
    }
    return {
      ImportDeclaration: (node) => check(node, node.source.value),
      ExportNamedDeclaration: (node) => node.source && check(node, node.source.value),
      ExportAllDeclaration: (node) => check(node, node.source.value),
      ImportExpression: (node) => node.source.type === 'Literal' && check(node, node.source.value),
    }
  },
}

const QUERY_METHODS = new Set(['select', 'selectDistinct', 'insert', 'update', 'delete', 'execute'])
const isDbHandle = (node) =>
  (node.type === 'Identifier' && (node.name === 'db' || node.name === 'tx')) ||
  (node.type === 'MemberExpression' && !node.computed && node.property.type === 'Identifier' && node.property.name === 'db')

const sqlInRepositories = {
  meta: {
    type: 'problem',
    docs: { description: 'SQL only in *.repository.ts (and *.tables.ts for schema).' },
    messages: {
      drizzle: 'Query helpers from drizzle-orm belong in a *.repository.ts file; call the repository from here.',
      query: '`{{method}}` on a database handle belongs in a *.repository.ts file; call the repository from here.',
    },
    schema: [],
  },
  create(context) {
    const file = context.filename
    if (!moduleOf(file) || role(file) || /\.test\.ts$/.test(file)) return {}
    return {
      ImportDeclaration(node) {
        const spec = node.source.value
        if (typeof spec !== 'string' || !(spec === 'drizzle-orm' || spec.startsWith('drizzle-orm/'))) return
        if (node.importKind === 'type') return
        if (node.specifiers.length && node.specifiers.every((s) => s.type === 'ImportSpecifier' && s.importKind === 'type')) return
        context.report({ node, messageId: 'drizzle' })
      },
      CallExpression(node) {
        const callee = node.callee
        if (callee.type !== 'MemberExpression' || callee.computed || callee.property.type !== 'Identifier') return
        if (!QUERY_METHODS.has(callee.property.name) || !isDbHandle(callee.object)) return
        context.report({ node, messageId: 'query', data: { method: callee.property.name } })
      },
    }
  },
}

export default { rules: { 'module-boundaries': moduleBoundaries, 'sql-in-repositories': sqlInRepositories } }
