// Where the repository's shared folders are (the migrations, the built dashboard), found by walking
// up from this file: the same answer whether the server runs from src/ through tsx or from the
// compiled dist/src/, and in the Docker image where only some folders are copied.
import { existsSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

function findRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url))
  for (;;) {
    if (existsSync(join(dir, 'drizzle', 'meta', '_journal.json'))) return dir
    const parent = resolve(dir, '..')
    if (parent === dir) throw new Error('Cannot find the drizzle/ migrations folder above the server code.')
    dir = parent
  }
}

/** The repository root (in the image: /app), which holds drizzle/ and web/.output/public. */
export const repoRoot = findRoot()
