// Fails when the modules under src/modules import each other in a circle (a → b → … → a). Part of
// `npm run lint`. Every import counts, type-only ones too (a type import still ties the two
// modules' code together); a *.tables.ts file's imports do not: foreign keys may point either way
// and say nothing about which module calls which.
import { readdirSync, readFileSync } from 'node:fs'
import { dirname, join, relative, resolve, sep } from 'node:path'
import { fileURLToPath } from 'node:url'
import { moduleOf } from './architecture.js'

const IMPORT = /(?:^|\n)\s*(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g

/** module → Map(other module → first file that imports it), from the files under `modulesDir`. */
export function moduleGraph(modulesDir) {
  const graph = new Map()
  const walk = (dir) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name)
      if (entry.isDirectory()) walk(path)
      else if (/\.ts$/.test(entry.name) && !/\.test\.ts$/.test(entry.name) && !/\.tables\.ts$/.test(entry.name)) addFile(path)
    }
  }
  const addFile = (file) => {
    const from = moduleOf(file)
    if (!from) return
    if (!graph.has(from)) graph.set(from, new Map())
    for (const m of readFileSync(file, 'utf8').matchAll(IMPORT)) {
      const spec = m[1] ?? m[2]
      if (!spec?.startsWith('.')) continue
      const to = moduleOf(resolve(dirname(file), spec) + sep)
      if (to && to !== from && !graph.get(from).has(to)) graph.get(from).set(to, relative(modulesDir, file))
    }
  }
  walk(modulesDir)
  return graph
}

/** Every elementary circle found by a depth-first search, each as [a, b, …, a]. */
export function findCycles(graph) {
  const cycles = []
  const seen = new Set()
  const state = new Map() // 1: on the current path, 2: done
  const path = []
  const visit = (node) => {
    state.set(node, 1)
    path.push(node)
    for (const next of (graph.get(node) ?? new Map()).keys()) {
      if (state.get(next) === 1) {
        const cycle = [...path.slice(path.indexOf(next)), next]
        const key = [...cycle.slice(0, -1)].sort().join('>')
        if (!seen.has(key)) { seen.add(key); cycles.push(cycle) }
      } else if (!state.has(next)) visit(next)
    }
    path.pop()
    state.set(node, 2)
  }
  for (const node of [...graph.keys()].sort()) if (!state.has(node)) visit(node)
  return cycles
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const modulesDir = resolve(dirname(fileURLToPath(import.meta.url)), '../src/modules')
  const graph = moduleGraph(modulesDir)
  const cycles = findCycles(graph)
  if (cycles.length) {
    for (const cycle of cycles) {
      const steps = cycle.slice(0, -1).map((m, i) => `  ${m} → ${cycle[i + 1]} (${graph.get(m).get(cycle[i + 1])})`)
      process.stderr.write(`module cycle: ${cycle.join(' → ')}\n${steps.join('\n')}\n`)
    }
    process.exit(1)
  }
  process.stdout.write(`no cycles between the ${graph.size} modules\n`)
}
