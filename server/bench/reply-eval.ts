// Scores grounded replies against a labelled set `{ profiles, cases }`: each case names a shop
// profile (the shape of the AI settings), the customer's text and optional history, and what the
// reply must do — hand over or not, phrases it must contain (a list means "any of these"),
// phrases it must not contain. Every case is also checked for invented prices: a Rupiah amount
// in the reply that is neither in the profile nor derivable from it as quantity × price or a sum.
// Used by eval-replies.ts and by its test.
import { z } from 'zod'
import type { BusinessProfile, ChatTurn, Reply, Tone } from '../src/adapters/llm/llm.port.js'
import { amountsNotFrom, profileAmounts } from '../src/adapters/llm/grounding.js'

const Profile = z.object({
  businessName: z.string().min(1),
  about: z.string().default(''),
  menu: z.string().default(''),
  hours: z.string().default(''),
  address: z.string().default(''),
  faq: z.string().default(''),
  priceList: z.array(z.object({ name: z.string().min(1), price: z.number().int().nonnegative(), unit: z.string().optional() })).default([]),
})

const Case = z.object({
  /** Optional label shown with failures. */
  id: z.string().optional(),
  profile: z.string().min(1),
  text: z.string().min(1),
  history: z.array(z.object({ from: z.enum(['customer', 'business']), text: z.string() })).default([]),
  tone: z.enum(['friendly', 'casual', 'formal']).default('friendly'),
  expect: z.object({
    handoff: z.boolean().optional(),
    mustInclude: z.array(z.union([z.string().min(1), z.array(z.string().min(1)).min(1)])).default([]),
    mustNotInclude: z.array(z.string().min(1)).default([]),
  }),
})

const ReplySet = z.object({ profiles: z.record(z.string(), Profile), cases: z.array(Case).min(1) })
  .superRefine((set, ctx) => {
    set.cases.forEach((c, i) => {
      if (!Object.hasOwn(set.profiles, c.profile)) ctx.addIssue({ code: 'custom', path: ['cases', i, 'profile'], message: `unknown profile "${c.profile}"` })
    })
  })

export type ReplyCase = z.infer<typeof Case>
export type ReplySetData = z.infer<typeof ReplySet>

export class ReplySetError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'ReplySetError'
  }
}

export function parseReplySet(content: string): ReplySetData {
  let json: unknown
  try {
    json = JSON.parse(content)
  } catch {
    throw new ReplySetError('not valid JSON')
  }
  const parsed = ReplySet.safeParse(json)
  if (!parsed.success) {
    const issue = parsed.error.issues[0]
    throw new ReplySetError(`${issue?.path.join('.') || 'set'}: ${issue?.message ?? 'invalid'}`)
  }
  return parsed.data
}

export { profileAmounts, rupiahAmounts } from '../src/adapters/llm/grounding.js'

/**
 * Amounts in `reply` that the profile cannot account for: not a stated amount, and not a sum of
 * stated amounts taken any number of times (quantity × price, a total with a delivery fee).
 */
export const inventedAmounts = (reply: string, profile: BusinessProfile): number[] => amountsNotFrom(reply, profileAmounts(profile))

const includes = (text: string, phrase: string) => text.toLocaleLowerCase('id').includes(phrase.toLocaleLowerCase('id'))

export interface CaseResult {
  case: ReplyCase
  reply: Reply
  passed: boolean
  handoffAgrees: boolean | null
  invented: number[]
  failures: string[]
}

export function judge(c: ReplyCase, reply: Reply, profile: BusinessProfile): CaseResult {
  const failures: string[] = []
  const handoffAgrees = c.expect.handoff === undefined ? null : c.expect.handoff === reply.handoff
  if (handoffAgrees === false) failures.push(`handoff ${reply.handoff}, expected ${c.expect.handoff}`)
  for (const want of c.expect.mustInclude) {
    const options = Array.isArray(want) ? want : [want]
    if (!options.some((o) => includes(reply.text, o))) failures.push(`missing ${JSON.stringify(want)}`)
  }
  for (const banned of c.expect.mustNotInclude) if (includes(reply.text, banned)) failures.push(`contains ${JSON.stringify(banned)}`)
  const invented = inventedAmounts(reply.text, profile)
  if (invented.length > 0) failures.push(`invented price ${invented.join(', ')}`)
  return { case: c, reply, passed: failures.length === 0, handoffAgrees, invented, failures }
}

export interface ReplyReport {
  n: number
  passRate: number
  handoffAgreement: number
  /** Cases whose reply states at least one amount the profile cannot account for. */
  inventedPrices: number
}

const round = (x: number) => Math.round(x * 10_000) / 10_000

export type ReplyWriter = (input: { text: string; history: ChatTurn[]; profile: BusinessProfile; tone: Tone }) => Promise<Reply>

export async function evaluateReplies(set: ReplySetData, write: ReplyWriter): Promise<ReplyReport & { results: CaseResult[] }> {
  const results: CaseResult[] = []
  for (const c of set.cases) {
    const profile = set.profiles[c.profile] as BusinessProfile
    const reply = await write({ text: c.text, history: c.history, profile, tone: c.tone })
    results.push(judge(c, reply, profile))
  }
  const judged = results.filter((r) => r.handoffAgrees !== null)
  return {
    n: results.length,
    passRate: round(results.filter((r) => r.passed).length / results.length),
    handoffAgreement: round(judged.length === 0 ? 1 : judged.filter((r) => r.handoffAgrees).length / judged.length),
    inventedPrices: results.filter((r) => r.invented.length > 0).length,
    results,
  }
}
