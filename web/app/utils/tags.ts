// AI tags as coloured chips. Known tags (server adapters/llm/llm.port.ts KNOWN_TAGS) have a
// colour and a translated label (tags.<tag>); unknown tags are shown verbatim.
export const KNOWN_TAGS = [
  'hot_lead', 'complaint', 'order_intent', 'price_inquiry', 'needs_follow_up', 'availability',
  'delivery', 'payment', 'reservation', 'refund_request', 'greeting', 'thanks', 'spam',
] as const

/** The tags offered as inbox filters, most useful first. */
export const FILTER_TAGS = ['hot_lead', 'complaint', 'order_intent', 'price_inquiry', 'needs_follow_up'] as const

export const MODES = ['faq', 'order', 'complaint', 'other'] as const

const COLOURS: Record<string, string> = {
  hot_lead: 'bg-orange-100 text-orange-800 ring-orange-200',
  complaint: 'bg-red-100 text-red-800 ring-red-200',
  order_intent: 'bg-emerald-100 text-emerald-800 ring-emerald-200',
  price_inquiry: 'bg-sky-100 text-sky-800 ring-sky-200',
  needs_follow_up: 'bg-violet-100 text-violet-800 ring-violet-200',
  availability: 'bg-teal-100 text-teal-800 ring-teal-200',
  delivery: 'bg-indigo-100 text-indigo-800 ring-indigo-200',
  payment: 'bg-lime-100 text-lime-800 ring-lime-200',
  reservation: 'bg-cyan-100 text-cyan-800 ring-cyan-200',
  refund_request: 'bg-rose-100 text-rose-800 ring-rose-200',
  greeting: 'bg-slate-100 text-slate-700 ring-slate-200',
  thanks: 'bg-pink-100 text-pink-800 ring-pink-200',
  spam: 'bg-zinc-200 text-zinc-700 ring-zinc-300',
}

export function tagColour(tag: string): string {
  return COLOURS[tag] ?? 'bg-slate-100 text-slate-700 ring-slate-200'
}

/** "complain_late_delivery" → "complain late delivery" (for values the UI has no words for). */
export function humanise(code: string): string {
  return code.replace(/_/g, ' ').trim()
}

/** The tag that says the same as a mode ("Keluhan" mode and "Keluhan" tag). */
const TAG_OF_MODE: Record<string, string> = { complaint: 'complaint', order: 'order_intent' }

/** Tags to show next to a mode: without the one repeating the mode, so a chip never says it twice. */
export function tagsBesideMode(tags: readonly string[], mode: string | null | undefined): string[] {
  const same = mode ? TAG_OF_MODE[mode] : undefined
  return tags.filter((t) => t !== same)
}
