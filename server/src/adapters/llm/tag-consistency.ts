// One consistency step for every classifier (the built-in rules and the OpenAI-compatible model):
// tags follow from the mode and the intent, so the inbox can never show "Tanya Harga" on a
// message whose intent is "tanya jam buka". Tags the intent implies are added; tags that
// contradict the mode are dropped; a topic tag the intent does not imply stays only when the
// customer's own words carry it ("jam buka jam berapa, harga kopinya berapa?" keeps both topics).
import type { Classification, Mode } from './llm.port.js'
import { normalise } from './offline/normalise.js'
import { TOPIC_EVIDENCE } from './topic-words.js'

/** The tag an intent always carries. */
const INTENT_TAG: Readonly<Record<string, string>> = {
  ask_price: 'price_inquiry',
  ask_availability: 'availability',
  ask_shipping: 'delivery',
  ask_payment: 'payment',
  request_payment_details: 'payment',
  confirm_payment: 'payment',
  complain_billing: 'payment',
  complain_late_delivery: 'delivery',
  book_reservation: 'reservation',
  request_refund: 'refund_request',
  greeting: 'greeting',
  thanks: 'thanks',
  spam: 'spam',
}

/** Tags that only make sense with one mode (or a few). */
const MODE_ONLY: Readonly<Record<string, readonly Mode[]>> = {
  complaint: ['complaint'],
  order_intent: ['order'],
  hot_lead: ['order', 'faq'],
  spam: ['other'],
}

/** The mode's own tag, always present with it. */
const MODE_TAG: Partial<Record<Mode, string>> = { complaint: 'complaint', order: 'order_intent' }

export type TaggedClassification = Pick<Classification, 'mode' | 'intent' | 'tags' | 'needsFollowUp'>

/**
 * The tags of `c` made consistent with its mode and intent, given the customer's `text`. Order is
 * kept (known tags first, as the classifiers emit them); implied tags are appended.
 */
export function consistentTags(c: TaggedClassification, text: string): string[] {
  if (c.intent === 'spam' && c.mode === 'other') return ['spam']
  const folded = normalise(text).text
  const implied = new Set<string>()
  const own = INTENT_TAG[c.intent]
  if (own) implied.add(own)
  const modeTag = MODE_TAG[c.mode]
  if (modeTag) implied.add(modeTag)
  if (c.needsFollowUp) implied.add('needs_follow_up')

  const out: string[] = []
  for (const tag of c.tags) {
    if (out.includes(tag)) continue
    const only = MODE_ONLY[tag]
    if (only && !only.includes(c.mode)) continue
    const evidence = TOPIC_EVIDENCE[tag]
    if (evidence && !implied.has(tag) && !evidence(folded)) continue
    out.push(tag)
  }
  for (const tag of implied) if (!out.includes(tag)) out.push(tag)
  return out
}
