// Follow-ups never go out at night: a due time inside the shop's quiet hours (default 21:00–08:00
// in the shop's timezone) moves to the end of them. Pure, so it is tested with fixed clocks.

const minutesOf = (hhmm: string) => { const [h, m] = hhmm.split(':').map(Number); return (h ?? 0) * 60 + (m ?? 0) }

/** Minutes since local midnight in `timeZone` for the instant `at`. */
function localMinutes(at: Date, timeZone: string): number {
  const parts = new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).formatToParts(at)
  const get = (t: string) => Number(parts.find((p) => p.type === t)?.value ?? 0)
  return get('hour') * 60 + get('minute')
}

export function isQuiet(at: Date, quiet: { start: string; end: string }, timeZone: string): boolean {
  const m = localMinutes(at, timeZone)
  const s = minutesOf(quiet.start)
  const e = minutesOf(quiet.end)
  if (s === e) return false
  return s < e ? m >= s && m < e : m >= s || m < e
}

/** The first moment at or after `at` outside quiet hours. */
export function nextAllowedTime(at: Date, quiet: { start: string; end: string }, timeZone: string): Date {
  if (!isQuiet(at, quiet, timeZone)) return at
  const m = localMinutes(at, timeZone)
  const e = minutesOf(quiet.end)
  const wait = (e - m + 1440) % 1440
  const shifted = new Date(at.getTime() + wait * 60_000)
  shifted.setUTCSeconds(0, 0)
  return shifted
}
