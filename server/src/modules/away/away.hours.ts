// Business hours: is the shop open at an instant, which closed period that instant falls in, and
// when it opens next. Pure (tested with fixed instants). Hours are wall-clock times in the shop's
// timezone, one window per weekday (Monday first), opening before closing on the same day; a day
// may be closed. Instants are found from wall-clock differences measured at `at`, which is exact
// for zones without daylight saving (all of Indonesia) and at most an hour off elsewhere.

export interface DayHours { closed: boolean; open: string; close: string }
/** Seven days, Monday (Senin) first. */
export type WeekHours = DayHours[]

export interface HoursState {
  open: boolean
  /**
   * While closed: the key of the closed period (the instant it began, ISO to the minute) — the
   * away message goes once per customer per key. Null while open.
   */
  periodKey: string | null
  /** When the shop opens next (null when no day of the week opens). */
  nextOpenAt: Date | null
}

const minutesOf = (hhmm: string) => { const [h, m] = hhmm.split(':').map(Number); return (h ?? 0) * 60 + (m ?? 0) }

/** Minutes since local midnight and the weekday (0 = Monday) of `at` in `timeZone`. */
function localClock(at: Date, timeZone: string): { minutes: number; weekday: number } {
  const parts = new Intl.DateTimeFormat('en-GB', { timeZone, weekday: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).formatToParts(at)
  const get = (t: string) => parts.find((p) => p.type === t)?.value ?? ''
  const weekday = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'].indexOf(get('weekday'))
  return { minutes: Number(get('hour')) * 60 + Number(get('minute')), weekday: Math.max(0, weekday) }
}

const dayOf = (week: WeekHours, weekday: number): DayHours | undefined => {
  const d = week[((weekday % 7) + 7) % 7]
  return d && !d.closed && minutesOf(d.open) < minutesOf(d.close) ? d : undefined
}

export function hoursState(at: Date, week: WeekHours, timeZone: string): HoursState {
  const { minutes, weekday } = localClock(at, timeZone)
  // An instant `dayOffset` days from today at wall time `hhmm`, counted from `at` (whole minutes).
  const instant = (dayOffset: number, hhmm: string) => {
    const base = new Date(at)
    base.setUTCSeconds(0, 0)
    return new Date(base.getTime() + ((dayOffset * 1440) + minutesOf(hhmm) - minutes) * 60_000)
  }
  const today = dayOf(week, weekday)
  const open = Boolean(today && minutes >= minutesOf(today.open) && minutes < minutesOf(today.close))

  let nextOpenAt: Date | null = null
  for (let d = 0; d <= 7 && !nextOpenAt; d++) {
    const day = dayOf(week, weekday + d)
    if (day && (d > 0 || minutesOf(day.open) > minutes)) nextOpenAt = instant(d, day.open)
  }
  if (open) return { open, periodKey: null, nextOpenAt }

  // The closed period began when the shop last closed (today, or an earlier day this week).
  let began: Date | null = null
  for (let d = 0; d >= -7 && !began; d--) {
    const day = dayOf(week, weekday + d)
    if (day && (d < 0 || minutesOf(day.close) <= minutes)) began = instant(d, day.close)
  }
  // A shop with no opening hours at all is closed for good: one period per local day.
  began ??= instant(0, '00:00')
  return { open, periodKey: began.toISOString().slice(0, 16), nextOpenAt }
}
