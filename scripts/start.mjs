#!/usr/bin/env node
// `npm start`: builds the dashboard once if it is missing, then runs the whole product (api,
// gateway and worker roles) in one process on the embedded defaults. Extra args pass through,
// e.g. `npm start -- --demo`.
import { spawnSync, spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const built = join(root, 'web/.output/public/index.html')
if (!existsSync(built)) {
  process.stdout.write('Building the dashboard (first start only)…\n')
  const res = spawnSync('npm', ['run', 'build', '-w', 'web'], { cwd: root, stdio: 'inherit' })
  if (res.status !== 0) process.exit(res.status ?? 1)
}
const child = spawn(process.execPath, ['--import', 'tsx', join(root, 'server/src/main.ts'), ...process.argv.slice(2)], {
  cwd: root, stdio: 'inherit',
})
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig))
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)))
