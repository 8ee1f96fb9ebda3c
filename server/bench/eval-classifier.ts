// Evaluates the offline classifier on a labelled JSONL file and prints one JSON line (mode
// accuracy and F1; tag and product scores too when the set's lines carry `tags` / `product`):
//   npm run eval:classifier -- --file server/bench/data/classifier-heldout.jsonl [--errors]
// Relative paths resolve against the directory the command was typed in (INIT_CWD under npm).
// A malformed line stops the run with its line number and exit code 2.
import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { EvalSetError, evaluate, parseEvalSet, profileFor } from './classifier-eval.js'
import { classifyOffline } from '../src/adapters/llm/offline/classify.js'

function usage(message: string): never {
  process.stderr.write(`${message}\nusage: npm run eval:classifier -- --file <set.jsonl> [--errors]\n`)
  process.exit(2)
}

const args = process.argv.slice(2)
const fileIndex = args.indexOf('--file')
const fileArg = fileIndex >= 0 ? args[fileIndex + 1] : args.find((a) => !a.startsWith('--'))
if (!fileArg) usage('missing --file')
const showErrors = args.includes('--errors')
const path = resolve(process.env.INIT_CWD ?? process.cwd(), fileArg)

let content: string
try {
  content = readFileSync(path, 'utf8')
} catch (err) {
  usage(`cannot read ${path}: ${(err as Error).message}`)
}

let items
try {
  items = parseEvalSet(content)
} catch (err) {
  if (err instanceof EvalSetError) usage(`${path}: ${err.message}`)
  throw err
}
if (items.length === 0) usage(`${path}: no labelled lines`)

// Timing: the classifier runs on every message, so its p95 is part of the report. One untimed pass
// first (a long-running worker has its regexes compiled and its code warm), then five timed passes;
// each message's cost is its median over them, so a pass preempted by another process on a busy
// machine does not pose as the classifier's cost. p95 is taken over those per-message costs.
const classifyItem = (item: (typeof items)[number]) => classifyOffline({ text: item.text, history: item.history ?? [], profile: profileFor(item) })
for (const item of items) classifyItem(item)
const perMessage: number[][] = items.map(() => [])
for (let pass = 0; pass < 5; pass++) {
  items.forEach((item, i) => {
    const start = performance.now()
    classifyItem(item)
    perMessage[i]!.push(performance.now() - start)
  })
}
const timings = perMessage.map((runs) => runs.sort((a, b) => a - b)[2] ?? 0).sort((a, b) => a - b)
const { errors, ...report } = await evaluate(items, (text, history, item) => classifyOffline({ text, history, profile: profileFor(item) }))
const p95Ms = Math.round((timings[Math.min(timings.length - 1, Math.ceil(timings.length * 0.95) - 1)] ?? 0) * 1000) / 1000
if (showErrors) {
  for (const e of errors) {
    const tags = e.tags ? ` tags ${e.tags.join(',')} → ${(e.predictedTags ?? []).join(',')}` : ''
    const product = e.product !== undefined ? ` product ${e.product} → ${e.predictedProduct ?? null}` : ''
    process.stderr.write(`${e.mode.padEnd(9)} → ${e.predicted.padEnd(9)} ${e.text}${tags}${product}\n`)
  }
}
process.stdout.write(`${JSON.stringify({ ...report, p95Ms })}\n`)
