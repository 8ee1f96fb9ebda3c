#!/usr/bin/env node
// After `nuxt generate`: tells the service worker (public/sw.js) what the offline shell needs.
// Writes .output/public/sw-precache.json (every built script, style and font — every page's
// chunk, so any screen opens offline, not only the ones visited) and stamps sw.js with a version
// derived from that list, so each new build re-installs the worker and drops the old cache.
import { createHash } from 'node:crypto'
import { readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs'
import { dirname, join, relative, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '.output', 'public')
const walk = (dir) => readdirSync(dir).flatMap((f) => {
  const p = join(dir, f)
  return statSync(p).isDirectory() ? walk(p) : [p]
})
const assets = walk(join(root, '_nuxt'))
  .filter((p) => /\.(js|css|woff2?)$/.test(p))
  .map((p) => `/${relative(root, p).split('\\').join('/')}`)
  .sort()
writeFileSync(join(root, 'sw-precache.json'), JSON.stringify(assets))

const version = createHash('sha256').update(assets.join('\n')).digest('hex').slice(0, 12)
const swPath = join(root, 'sw.js')
const sw = readFileSync(swPath, 'utf8')
if (!sw.includes("const VERSION = 'warta-shell-dev'")) throw new Error('sw.js has no VERSION placeholder to stamp')
writeFileSync(swPath, sw.replace("const VERSION = 'warta-shell-dev'", `const VERSION = 'warta-shell-${version}'`))
console.log(JSON.stringify({ precache: assets.length, swVersion: version }))
