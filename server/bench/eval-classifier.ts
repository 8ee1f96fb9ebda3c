// Evaluates the offline classifier on a labelled JSONL file and prints one JSON line:
//   npm run eval:classifier -- --file shared/data/intent-dev.jsonl [--errors]
// Relative paths resolve against the directory the command was typed in (INIT_CWD under npm).
// A malformed line stops the run with its line number and exit code 2.
import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { EVAL_PROFILE, EvalSetError, evaluate, parseEvalSet } from '../src/adapters/llm/classifier-eval.js'
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

const { errors, ...report } = await evaluate(items, (text, history) => classifyOffline({ text, history, profile: EVAL_PROFILE }).mode)
if (showErrors) {
  for (const e of errors) process.stderr.write(`${e.mode.padEnd(9)} → ${e.predicted.padEnd(9)} ${e.text}\n`)
}
process.stdout.write(`${JSON.stringify(report)}\n`)
