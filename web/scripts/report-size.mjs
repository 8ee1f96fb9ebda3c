#!/usr/bin/env node
// Prints the gzip size of the JavaScript the first page (login) loads: every <script src> and
// <link rel="modulepreload"> in the generated app shell, each file counted once.
// Usage: node scripts/report-size.mjs [--max-kib 200]   (exits 1 over the budget)
import { existsSync, readFileSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { gzipSync } from 'node:zlib'

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '.output', 'public')
const shellName = ['index.html', '200.html'].find((f) => existsSync(join(root, f)))
if (!shellName) {
  console.error(`no index.html or 200.html in ${root}: run nuxt generate first`)
  process.exit(2)
}
const html = readFileSync(join(root, shellName), 'utf8')

const refs = new Set()
for (const m of html.matchAll(/<script\b[^>]*\bsrc="([^"]+)"[^>]*>/g)) refs.add(m[1])
for (const m of html.matchAll(/<link\b[^>]*>/g)) {
  const tag = m[0]
  if (!/\brel="modulepreload"/.test(tag)) continue
  const href = tag.match(/\bhref="([^"]+)"/)?.[1]
  if (href) refs.add(href)
}

const files = []
let total = 0
for (const ref of refs) {
  if (/^(https?:)?\/\//.test(ref)) {
    console.error(`external script ${ref}: the dashboard must load nothing from the internet`)
    process.exit(1)
  }
  const path = join(root, ref.split('?')[0].replace(/^\//, ''))
  const gzip = gzipSync(readFileSync(path), { level: 9 }).length
  total += gzip
  files.push({ file: ref, gzipBytes: gzip })
}

const kib = Math.round((total / 1024) * 100) / 100
const maxArg = process.argv.indexOf('--max-kib')
const max = maxArg > 0 ? Number(process.argv[maxArg + 1]) : null
console.log(JSON.stringify({ firstLoadJsGzipKiB: kib, shell: shellName, files: files.length, ...(max ? { budgetKiB: max } : {}) }))
if (process.env.REPORT_SIZE_VERBOSE) for (const f of files) console.error(`${(f.gzipBytes / 1024).toFixed(2).padStart(8)} KiB  ${f.file}`)
if (max && kib >= max) {
  console.error(`first-load JS is ${kib} KiB gzip, over the ${max} KiB budget`)
  process.exit(1)
}
