// Opening hours for one day, read from the owner's free text: "Senin–Jumat 08.00–22.00, Sabtu
// 09.00–23.00, Minggu tutup" answers "hari Minggu buka?" with "tutup" and "sabtu jam berapa?"
// with "09.00–23.00". Day ranges wrap the week; "setiap hari" / "every day" covers all days.
// When the text does not say anything about the day asked, the caller shows the whole text.
import { normalise } from './normalise.js'

const DAYS = ['senin', 'selasa', 'rabu', 'kamis', 'jumat', 'sabtu', 'minggu'] as const
export type Day = (typeof DAYS)[number]
export const ENGLISH_DAY: Readonly<Record<Day, string>> = {
  senin: 'Monday', selasa: 'Tuesday', rabu: 'Wednesday', kamis: 'Thursday', jumat: 'Friday', sabtu: 'Saturday', minggu: 'Sunday',
}
const ALIASES: Readonly<Record<string, Day>> = {
  senin: 'senin', selasa: 'selasa', rabu: 'rabu', kamis: 'kamis', jumat: 'jumat', jum: 'jumat', jumaat: 'jumat', sabtu: 'sabtu',
  minggu: 'minggu', ahad: 'minggu', monday: 'senin', tuesday: 'selasa', wednesday: 'rabu', thursday: 'kamis', friday: 'jumat',
  saturday: 'sabtu', sunday: 'minggu', mon: 'senin', tue: 'selasa', wed: 'rabu', thu: 'kamis', fri: 'jumat', sat: 'sabtu', sun: 'minggu',
}
const CLOSED = /\b(tutup|libur|closed|off)\b/
const EVERY_DAY = /\b(setiap hari|tiap hari|every day|everyday|daily|senin minggu)\b/

/** The day a question names ("hari Minggu buka?", "open on Saturday?"), or null. */
export function dayAsked(text: string): Day | null {
  for (const t of normalise(text).tokens) if (Object.hasOwn(ALIASES, t)) return ALIASES[t] ?? null
  return null
}

/** `word`: how the owner said it ("tutup", "libur", "closed"), so the reply says it the same way. */
export type DayHours = { closed: true; word: string } | { closed: false; hours: string }

/** What the hours text says for `day`, or null when it says nothing about it. */
export function hoursOn(hoursText: string, day: Day): DayHours | null {
  // "Senin–Jumat 08.00–22.00, Sabtu …": a segment starts at a day name or "setiap hari".
  const segments = hoursText.split(/[,;\n]+|\.(?=\s|$)/).map((s) => s.trim()).filter(Boolean)
  let everyDay: DayHours | null = null
  for (const segment of segments) {
    const folded = normalise(segment).text
    const times = segment.match(/\d{1,2}[.:]\d{2}\s*[–—-]\s*\d{1,2}[.:]\d{2}|\d{1,2}[.:]\d{2}/g)
    const closedWord = folded.match(CLOSED)?.[1]
    const said: DayHours | null = closedWord ? { closed: true, word: closedWord } : times ? { closed: false, hours: times.join(', ').replace(/\s*[–—-]\s*/g, '–') } : null
    if (!said) continue
    const named = normalise(segment).tokens.map((t) => (Object.hasOwn(ALIASES, t) ? ALIASES[t] : undefined)).filter((d): d is Day => d !== undefined)
    if (named.length === 0) {
      if (EVERY_DAY.test(folded) || segments.length === 1) everyDay = said
      continue
    }
    const ranged = /[–—-]|\bsampai\b|\bs\/d\b|\bto\b|\bthrough\b/.test(segment.replace(/\d{1,2}[.:]\d{2}\s*[–—-]\s*\d{1,2}[.:]\d{2}/g, ''))
    if (ranged && named.length >= 2) {
      const from = DAYS.indexOf(named[0] as Day)
      const to = DAYS.indexOf(named[1] as Day)
      for (let i = from; ; i = (i + 1) % 7) {
        if (DAYS[i] === day) return said
        if (i === to) break
      }
    } else if (named.includes(day)) {
      return said
    }
  }
  return everyDay
}
