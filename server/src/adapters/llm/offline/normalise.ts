// Turns a raw chat message into the folded form the rule tables match against: lower case, no
// emoji or punctuation, stretched letters collapsed ("bangeettt"), chat abbreviations expanded
// ("brp hrg" → "berapa harga"), "-nya" split off, thousands separators dropped. The original
// signals that folding would lose (a question mark, emoji-only text) are kept as flags.
import { ABBREVIATIONS } from './lexicon.js'

// Own keys only: a customer typing "constructor" or "toString" must not find Object.prototype's
// members (that crashed the classifier).
const abbreviation = (token: string): string | undefined => (Object.hasOwn(ABBREVIATIONS, token) ? ABBREVIATIONS[token] : undefined)

export interface NormalisedText {
  /** The folded text, space separated and padded with one space on each side for `\b`-free matching. */
  text: string
  tokens: string[]
  /** The message contained a question mark. */
  hasQuestion: boolean
  /** Nothing but emoji, punctuation or a bracketed placeholder like "[stiker]". */
  contentless: boolean
}

// Words that end in "nya" without it being the suffix.
const NYA_WORDS = new Set(['tanya', 'bertanya', 'ditanya', 'ditanyain', 'punya', 'hanya', 'penanya', 'menanya', 'nanya', 'tanyanya'])

// English contractions, before punctuation turns "i'll" into "i ll".
const CONTRACTIONS: ReadonlyArray<[RegExp, string]> = [
  [/\bwon't\b/g, 'will not'], [/\bcan't\b/g, 'can not'], [/n't\b/g, ' not'], [/'ll\b/g, ' will'], [/'d\b/g, ' would'],
  [/'ve\b/g, ' have'], [/'re\b/g, ' are'], [/\bi'm\b/g, 'i am'], [/'s\b/g, ' is'],
]

// Alternation rather than one character class: joiners and variation selectors combine with emoji.
const EMOJI = /\p{Extended_Pictographic}|\p{Emoji_Modifier}|\u200d|\ufe0f/gu

/**
 * Real words spelled with a double letter that un-doubling would turn into a rule word: "latte"
 * became "late" and a price question about a matcha latte was read as a late-delivery complaint.
 */
const DOUBLE_LETTER_WORDS = new Set(['latte', 'lattes', 'coffee', 'toffee', 'butter', 'apple', 'waffle', 'muffin', 'cheese', 'coffe', 'spaghetti', 'pizza', 'mozzarella', 'cappuccino', 'espresso'])

/** Folds one token: collapse stretched letters, prefer a spelling the rules know. */
function foldToken(token: string, vocabulary: ReadonlySet<string>): string {
  const collapsed = token.replace(/([a-z])\1{2,}/g, '$1')
  if (abbreviation(collapsed) !== undefined || vocabulary.has(collapsed) || DOUBLE_LETTER_WORDS.has(collapsed)) return collapsed
  const singled = collapsed.replace(/([a-z])\1/g, '$1')
  if (singled !== collapsed && (abbreviation(singled) !== undefined || vocabulary.has(singled))) return singled
  return collapsed
}

export function normalise(raw: string, vocabulary: ReadonlySet<string> = new Set()): NormalisedText {
  let s = raw.normalize('NFKC').toLowerCase()
  const hasQuestion = s.includes('?')
  s = s.replace(/[\u2019\u2018`´]/g, "'")
  for (const [re, to] of CONTRACTIONS) s = s.replace(re, to)
  s = s.replace(/\[[^\]]{1,20}\]/g, ' ') // "[stiker]", "[gambar]" placeholders
  s = s.replace(EMOJI, ' ')
  s = s.replace(/(\d)[.,](\d{3})(?!\d)/g, '$1$2').replace(/(\d)[.,](\d{3})(?!\d)/g, '$1$2') // 25.000 / 1.250.000
  s = s.replace(/([a-z]{2,})2(?![0-9])/g, '$1 $1') // "nyampe2" reduplication
  s = s.replace(/\b(\d+)\s*(rb|ribu|k)\b/g, '$1000').replace(/\b(\d+)\s*(jt|juta)\b/g, '$1000000')
  s = s.replace(/(\d)([a-z])/g, '$1 $2').replace(/([a-z])(\d)/g, '$1 $2')
  s = s.replace(/[^a-z0-9]+/g, ' ').trim()
  const contentless = s.length === 0

  const tokens: string[] = []
  for (const piece of s.split(' ')) {
    if (!piece) continue
    let token = foldToken(piece, vocabulary)
    if (token.length >= 6 && token.endsWith('nya') && !NYA_WORDS.has(token)) {
      const stem = foldToken(token.slice(0, -3), vocabulary)
      tokens.push(...(abbreviation(stem) ?? stem).split(' '), 'nya')
      continue
    }
    token = abbreviation(token) ?? token
    tokens.push(...token.split(' '))
  }
  return { text: ` ${tokens.join(' ')} `, tokens, hasQuestion, contentless }
}
