// Scores a classifier against a labelled JSONL set (one `{"text","lang","mode"}` per line) and
// reports accuracy, macro-F1 and per-mode precision/recall/F1; lines that also carry `tags` are
// scored per known tag (precision/recall/F1, macro and micro), lines that carry `product` on
// whether the product of interest was found. Used by eval-classifier.ts and by the regression
// test that keeps the offline classifier above its measured floor.
import { z } from 'zod'
import { KNOWN_TAGS, MODES, type BusinessProfile, type ChatTurn, type Classification, type Mode } from '../src/adapters/llm/llm.port.js'
import { normalise } from '../src/adapters/llm/offline/normalise.js'

const EvalLine = z.object({
  text: z.string().min(1),
  lang: z.enum(['id', 'en']),
  mode: z.enum(MODES),
  /** Optional earlier turns, oldest first. */
  history: z.array(z.object({ from: z.enum(['customer', 'business']), text: z.string() })).optional(),
  /** Optional: every known tag the message should carry (scored only on lines that have it). */
  tags: z.array(z.enum(KNOWN_TAGS)).optional(),
  /** Optional: the product of interest (an item of `items` when it names one), or null for none. */
  product: z.string().min(1).nullable().optional(),
  /** Optional: the shop's item names for this line, so the product can be matched to them. */
  items: z.array(z.string().min(1)).optional(),
})
export type EvalItem = z.infer<typeof EvalLine>

export class EvalSetError extends Error {
  constructor(readonly line: number, message: string) {
    super(`line ${line}: ${message}`)
    this.name = 'EvalSetError'
  }
}

/** Parses JSONL; blank lines are skipped; the first bad line throws with its 1-based number. */
export function parseEvalSet(content: string): EvalItem[] {
  const items: EvalItem[] = []
  content.split(/\r?\n/).forEach((raw, index) => {
    if (raw.trim() === '') return
    let json: unknown
    try {
      json = JSON.parse(raw)
    } catch {
      throw new EvalSetError(index + 1, 'not valid JSON')
    }
    const parsed = EvalLine.safeParse(json)
    if (!parsed.success) {
      const issue = parsed.error.issues[0]
      throw new EvalSetError(index + 1, `${issue?.path.join('.') || 'line'}: ${issue?.message ?? 'invalid'}`)
    }
    items.push(parsed.data)
  })
  return items
}

export interface ModeMetrics {
  precision: number
  recall: number
  f1: number
  support: number
}

export interface EvalReport {
  n: number
  accuracy: number
  macroF1: number
  perMode: Record<Mode, ModeMetrics>
}

const round = (x: number) => Math.round(x * 10_000) / 10_000

export function scorePredictions(pairs: ReadonlyArray<{ expected: Mode; predicted: Mode }>): EvalReport {
  const perMode = {} as Record<Mode, ModeMetrics>
  let f1Sum = 0
  let modesPresent = 0
  for (const mode of MODES) {
    const tp = pairs.filter((p) => p.expected === mode && p.predicted === mode).length
    const predicted = pairs.filter((p) => p.predicted === mode).length
    const support = pairs.filter((p) => p.expected === mode).length
    const precision = predicted === 0 ? 0 : tp / predicted
    const recall = support === 0 ? 0 : tp / support
    const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall)
    perMode[mode] = { precision: round(precision), recall: round(recall), f1: round(f1), support }
    // Macro-F1 averages over the modes the set actually contains.
    if (support > 0) { f1Sum += f1; modesPresent++ }
  }
  const correct = pairs.filter((p) => p.expected === p.predicted).length
  return {
    n: pairs.length,
    accuracy: round(pairs.length === 0 ? 0 : correct / pairs.length),
    macroF1: round(modesPresent === 0 ? 0 : f1Sum / modesPresent),
    perMode,
  }
}

export interface TagReport {
  /** Lines that carried `tags`. */
  tagged: number
  tagMacroF1: number
  tagMicroF1: number
  perTag: Record<string, ModeMetrics>
}

/** Per-tag scores over the known tags; macro-F1 averages the tags the set expects at least once. */
export function scoreTags(pairs: ReadonlyArray<{ expected: readonly string[]; predicted: readonly string[] }>): TagReport {
  const perTag: Record<string, ModeMetrics> = {}
  let tpAll = 0
  let fpAll = 0
  let fnAll = 0
  let f1Sum = 0
  let present = 0
  for (const tag of KNOWN_TAGS) {
    let tp = 0
    let fp = 0
    let fn = 0
    for (const p of pairs) {
      const want = p.expected.includes(tag)
      const got = p.predicted.includes(tag)
      if (want && got) tp++
      else if (got) fp++
      else if (want) fn++
    }
    tpAll += tp
    fpAll += fp
    fnAll += fn
    if (tp + fp + fn === 0) continue
    const precision = tp + fp === 0 ? 0 : tp / (tp + fp)
    const recall = tp + fn === 0 ? 0 : tp / (tp + fn)
    const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall)
    perTag[tag] = { precision: round(precision), recall: round(recall), f1: round(f1), support: tp + fn }
    if (tp + fn > 0) { f1Sum += f1; present++ }
  }
  const micro = 2 * tpAll + fpAll + fnAll === 0 ? 0 : (2 * tpAll) / (2 * tpAll + fpAll + fnAll)
  return { tagged: pairs.length, tagMacroF1: round(present === 0 ? 0 : f1Sum / present), tagMicroF1: round(micro), perTag }
}

const folded = (name: string | null | undefined) => (name ? normalise(name).tokens.join(' ') : null)

/** A found product matches the label when both fold to the same words (case, "-nya", spacing aside). */
export function sameProduct(expected: string | null, predicted: string | null | undefined): boolean {
  return folded(expected) === folded(predicted)
}

/** A neutral shop profile: the eval measures the mode, which must not depend on the catalogue. */
export const EVAL_PROFILE: BusinessProfile = {
  businessName: 'Toko Contoh',
  about: '',
  menu: '',
  hours: '',
  address: '',
  faq: '',
  priceList: [],
}

/** The neutral profile, with the line's own items as its price list when it names some. */
export function profileFor(item: Pick<EvalItem, 'items'>): BusinessProfile {
  if (!item.items?.length) return EVAL_PROFILE
  return { ...EVAL_PROFILE, priceList: item.items.map((name) => ({ name, price: 0 })) }
}

export type ClassifierOutput = Mode | Pick<Classification, 'mode' | 'tags' | 'productInterest'>
export type ModeClassifier = (text: string, history: ChatTurn[], item: EvalItem) => Promise<ClassifierOutput> | ClassifierOutput

export interface FullReport extends EvalReport, Partial<Omit<TagReport, 'tagged'>> {
  productAccuracy?: number
}

export interface EvalError extends EvalItem {
  predicted: Mode
  predictedTags?: string[]
  predictedProduct?: string | null
}

export async function evaluate(items: readonly EvalItem[], classify: ModeClassifier): Promise<FullReport & { errors: EvalError[] }> {
  const pairs: Array<{ expected: Mode; predicted: Mode }> = []
  const tagPairs: Array<{ expected: readonly string[]; predicted: readonly string[] }> = []
  let productCases = 0
  let productHits = 0
  const errors: EvalError[] = []
  for (const item of items) {
    const out = await classify(item.text, item.history ?? [], item)
    const c = typeof out === 'string' ? { mode: out, tags: undefined, productInterest: undefined } : out
    pairs.push({ expected: item.mode, predicted: c.mode })
    let wrong = c.mode !== item.mode
    if (item.tags && c.tags) {
      const predicted = c.tags.filter((t) => (KNOWN_TAGS as readonly string[]).includes(t))
      tagPairs.push({ expected: item.tags, predicted })
      if (predicted.length !== item.tags.length || item.tags.some((t) => !predicted.includes(t))) wrong = true
    }
    if (item.product !== undefined && c.productInterest !== undefined) {
      productCases++
      if (sameProduct(item.product, c.productInterest)) productHits++
      else wrong = true
    }
    if (wrong) errors.push({ ...item, predicted: c.mode, ...(c.tags ? { predictedTags: c.tags } : {}), ...(c.productInterest !== undefined ? { predictedProduct: c.productInterest } : {}) })
  }
  const report: FullReport = scorePredictions(pairs)
  if (tagPairs.length > 0) {
    const { tagged: _tagged, ...tags } = scoreTags(tagPairs)
    Object.assign(report, tags)
  }
  if (productCases > 0) report.productAccuracy = round(productHits / productCases)
  return { ...report, errors }
}
