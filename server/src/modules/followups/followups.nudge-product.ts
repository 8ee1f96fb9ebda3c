// The product a nudge may name: one this customer asked about (the newest of their messages that
// named an item of the shop), else the one item the shop quoted to them. Never a guess: a phrase
// the classifier only guessed ("antar" from "ada yang antar?") or an item of another chat is no
// product, and with none known the nudge stays generic.
import type { BusinessProfile } from '../../adapters/llm/llm.port.js'
import { normalise } from '../../adapters/llm/offline/normalise.js'
import { profileItemName } from '../../adapters/llm/offline/product-match.js'

const phrase = (text: string) => normalise(text).tokens.filter((t) => t !== 'nya').join(' ')

/** The one price-list item a shop message names in full, or null (none, or a whole price list). */
function quotedItem(profile: BusinessProfile, text: string): string | null {
  const said = ` ${phrase(text)} `
  const named = profile.priceList.map((p) => p.name).filter((name) => said.includes(` ${phrase(name)} `))
  // "Es Kopi Susu Gula Aren" also contains "Es Kopi Susu": keep the longest names only.
  const longest = named.filter((n) => !named.some((m) => m !== n && phrase(m).includes(phrase(n))))
  return longest.length === 1 ? longest[0]! : null
}

export function nudgeProduct(profile: BusinessProfile, talk: { interests: readonly string[]; shopTexts: readonly string[] }): string | null {
  for (const interest of talk.interests) {
    const name = profileItemName(profile, interest)
    if (name) return name
  }
  for (const text of talk.shopTexts) {
    const name = quotedItem(profile, text)
    if (name) return name
  }
  return null
}
