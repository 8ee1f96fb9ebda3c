// Evaluates grounded replies on a labelled `{ profiles, cases }` JSON set and prints one JSON line
// `{ n, passRate, handoffAgreement, inventedPrices }`:
//   npm run eval:replies -- server/bench/data/replies-dev.json [--errors]
// The built-in engine (the offline LlmPort) writes the replies: it classifies the text, then
// answers it, as the inbound pipeline does. Relative paths resolve against the directory the
// command was typed in (INIT_CWD under npm). A malformed set stops the run with exit code 2.
import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { OfflineLlm } from '../src/adapters/llm/offline/offline-llm.js'
import { ReplySetError, evaluateReplies, parseReplySet } from './reply-eval.js'

function usage(message: string): never {
  process.stderr.write(`${message}\nusage: npm run eval:replies -- <set.json> [--errors]\n`)
  process.exit(2)
}

const args = process.argv.slice(2)
const fileIndex = args.indexOf('--file')
const fileArg = fileIndex >= 0 ? args[fileIndex + 1] : args.find((a) => !a.startsWith('--'))
if (!fileArg) usage('missing the set file')
const path = resolve(process.env.INIT_CWD ?? process.cwd(), fileArg)

let content: string
try {
  content = readFileSync(path, 'utf8')
} catch (err) {
  usage(`cannot read ${path}: ${(err as Error).message}`)
}

let set
try {
  set = parseReplySet(content)
} catch (err) {
  if (err instanceof ReplySetError) usage(`${path}: ${err.message}`)
  throw err
}

const llm = new OfflineLlm()
const { results, ...report } = await evaluateReplies(set, async ({ text, history, profile, tone }) => {
  const classification = await llm.classify({ text, history, profile })
  return llm.reply({ text, history, profile, classification, tone, replyLanguage: 'auto' })
})
if (args.includes('--errors')) {
  for (const r of results.filter((x) => !x.passed)) {
    process.stderr.write(`✗ ${r.case.id ?? ''} [${r.case.profile}] ${r.case.text}\n  ${r.failures.join('; ')}\n  → ${r.reply.text.replace(/\n/g, '\n    ')}\n`)
  }
}
process.stdout.write(`${JSON.stringify(report)}\n`)
