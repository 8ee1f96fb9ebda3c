// The shop's own labels as chips: each colour the API allows (labels.tables.ts LABEL_COLOURS) and
// its Tailwind classes, spelled out so the build keeps them.
import type { LabelColour } from '../types/api'

export const LABEL_COLOURS: readonly LabelColour[] = ['slate', 'red', 'orange', 'amber', 'green', 'teal', 'blue', 'indigo', 'purple', 'pink']

const CHIP: Record<LabelColour, string> = {
  slate: 'bg-slate-600 text-white',
  red: 'bg-red-600 text-white',
  orange: 'bg-orange-500 text-white',
  amber: 'bg-amber-400 text-amber-950',
  green: 'bg-emerald-600 text-white',
  teal: 'bg-teal-600 text-white',
  blue: 'bg-blue-600 text-white',
  indigo: 'bg-indigo-600 text-white',
  purple: 'bg-purple-600 text-white',
  pink: 'bg-pink-500 text-white',
}

export function labelChipClass(colour: string): string {
  return CHIP[colour as LabelColour] ?? CHIP.slate
}
