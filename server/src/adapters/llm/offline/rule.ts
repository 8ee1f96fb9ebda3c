// The shape of one weighted feature of the offline classifier. Each rule table (faq, order,
// complaint, other) is plain data: a pattern over the normalised text, the mode it votes for,
// how strongly, and the intent and tags it implies when its mode wins.
import type { Mode } from '../llm.port.js'

export interface Rule {
  /** Matched against `NormalisedText.text` (lower case, folded, padded with spaces). */
  pattern: RegExp
  mode: Mode
  weight: number
  /** snake_case intent this rule implies; the strongest matching rule of the winning mode names it. */
  intent?: string
  /** Tags this rule adds whenever it matches, whichever mode wins (e.g. `price_inquiry`). */
  tags?: string[]
}

/** Builds one mode's table with less noise: `rule(/harga/, 2, 'ask_price', ['price_inquiry'])`. */
export function ruleTable(mode: Mode) {
  return (pattern: RegExp, weight: number, intent?: string, tags?: string[]): Rule => ({
    pattern,
    mode,
    weight,
    ...(intent === undefined ? {} : { intent }),
    ...(tags === undefined ? {} : { tags }),
  })
}
