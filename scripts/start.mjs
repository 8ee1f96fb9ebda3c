#!/usr/bin/env node
// `npm start`: builds what is missing or out of date (the dashboard once, the server whenever its
// TypeScript changed), then runs the whole product (api, gateway and worker roles) in one process
// on the embedded defaults, as plain `node` on the compiled JavaScript, the way production runs.
// Extra args pass through, e.g. `npm start -- --demo`.
import { spawnSync, spawn } from 'node:child_process'
import { existsSync, readdirSync, statSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const serverDir = join(root, 'server')
const entry = join(serverDir, 'dist/src/main.js')

function run(what, args) {
  process.stdout.write(`${what}…\n`)
  const res = spawnSync('npm', args, { cwd: root, stdio: 'inherit' })
  if (res.status !== 0) process.exit(res.status ?? 1)
}

/** Newest modification time of the TypeScript the server build compiles. */
function newestSource(dir) {
  let newest = 0
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name)
    if (e.isDirectory()) newest = Math.max(newest, newestSource(p))
    else if (e.name.endsWith('.ts')) newest = Math.max(newest, statSync(p).mtimeMs)
  }
  return newest
}

if (!existsSync(join(root, 'web/.output/public/index.html'))) run('Building the dashboard (first start only)', ['run', 'build', '-w', 'web'])
const sources = Math.max(newestSource(join(serverDir, 'src')), newestSource(join(serverDir, 'sim')), statSync(join(serverDir, 'tsconfig.build.json')).mtimeMs)
if (!existsSync(entry) || statSync(entry).mtimeMs < sources) run('Compiling the server', ['run', 'build', '-w', 'server'])

const child = spawn(process.execPath, [entry, ...process.argv.slice(2)], { cwd: root, stdio: 'inherit' })
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig))
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)))
