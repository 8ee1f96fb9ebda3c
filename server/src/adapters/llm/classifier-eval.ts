// Scores a classifier against a labelled JSONL set (one `{"text","lang","mode"}` per line) and
// reports accuracy, macro-F1 and per-mode precision/recall/F1. Used by bench/eval-classifier.ts
// and by the regression test that keeps the offline classifier above its measured floor.
import { z } from 'zod'
import { MODES, type BusinessProfile, type ChatTurn, type Mode } from './llm.port.js'

const EvalLine = z.object({
  text: z.string().min(1),
  lang: z.enum(['id', 'en']),
  mode: z.enum(MODES),
  /** Optional earlier turns, oldest first. */
  history: z.array(z.object({ from: z.enum(['customer', 'business']), text: z.string() })).optional(),
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

export type ModeClassifier = (text: string, history: ChatTurn[]) => Promise<Mode> | Mode

export async function evaluate(items: readonly EvalItem[], classify: ModeClassifier): Promise<EvalReport & { errors: Array<EvalItem & { predicted: Mode }> }> {
  const pairs: Array<{ expected: Mode; predicted: Mode }> = []
  const errors: Array<EvalItem & { predicted: Mode }> = []
  for (const item of items) {
    const predicted = await classify(item.text, item.history ?? [])
    pairs.push({ expected: item.mode, predicted })
    if (predicted !== item.mode) errors.push({ ...item, predicted })
  }
  return { ...scorePredictions(pairs), errors }
}
