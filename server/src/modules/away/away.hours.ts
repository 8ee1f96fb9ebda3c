// Business hours: is the shop open at an instant, which closed period that instant falls in, and
// when it opens next. Pure (tested with fixed instants). Hours are wall-clock times in the shop's
// timezone, one window per weekday (Monday first); a window whose closing time is at or before its
// opening runs past midnight (20:00–02:00 closes at 02:00 the next morning). A day may be closed,
// and so may holidays (dates, YYYY-MM-DD, in the shop's timezone): no window starts on them, while
// the evening window of the day before still runs on into them. Instants are found from wall-clock
// differences measured at `at`, which is exact for zones without daylight saving (all of
// Indonesia) and at most an hour off elsewhere.

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
const DAY = 1440
/** How far to look back for the last closing and ahead for the next opening (a long holiday list). */
const HORIZON_DAYS = 400

/** Minutes since local midnight, the weekday (0 = Monday) and the local date (as a UTC midnight) of `at` in `timeZone`. */
function localClock(at: Date, timeZone: string): { minutes: number; weekday: number; dateMs: number } {
  const parts = new Intl.DateTimeFormat('en-GB', { timeZone, weekday: 'short', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).formatToParts(at)
  const get = (t: string) => parts.find((p) => p.type === t)?.value ?? ''
  const weekday = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'].indexOf(get('weekday'))
  return {
    minutes: Number(get('hour')) * 60 + Number(get('minute')), weekday: Math.max(0, weekday),
    dateMs: Date.UTC(Number(get('year')), Number(get('month')) - 1, Number(get('day'))),
  }
}

/**
 * The window that starts on the day `d` days from today, in minutes from today's local midnight
 * ([start, end), end past midnight when it closes at or before it opens), or undefined when the
 * day is closed or a holiday.
 */
function windowOn(week: WeekHours, holidays: ReadonlySet<string>, today: { weekday: number; dateMs: number }, d: number): { start: number; end: number } | undefined {
  const day = week[(((today.weekday + d) % 7) + 7) % 7]
  if (!day || day.closed || day.open === day.close) return undefined
  if (holidays.size && holidays.has(new Date(today.dateMs + d * 86_400_000).toISOString().slice(0, 10))) return undefined
  const open = minutesOf(day.open)
  const close = minutesOf(day.close)
  return { start: d * DAY + open, end: d * DAY + close + (close <= open ? DAY : 0) }
}

export function hoursState(at: Date, week: WeekHours, timeZone: string, holidayDates: readonly string[] = []): HoursState {
  const local = localClock(at, timeZone)
  const { minutes } = local
  const holidays = new Set(holidayDates)
  const window = (d: number) => windowOn(week, holidays, local, d)
  // The instant at `offset` minutes from today's local midnight, counted from `at` (whole minutes).
  const instant = (offset: number) => {
    const base = new Date(at)
    base.setUTCSeconds(0, 0)
    return new Date(base.getTime() + (offset - minutes) * 60_000)
  }
  // Yesterday's window may still run (past midnight); today's may have begun.
  const open = [-1, 0].some((d) => { const w = window(d); return Boolean(w && w.start <= minutes && minutes < w.end) })

  let nextOpenAt: Date | null = null
  for (let d = 0; d <= HORIZON_DAYS && !nextOpenAt; d++) {
    const w = window(d)
    if (w && w.start > minutes) nextOpenAt = instant(w.start)
  }
  if (open) return { open, periodKey: null, nextOpenAt }

  // The closed period began when the shop last closed (the latest window ended by now).
  let began: Date | null = null
  for (let d = 0; d >= -HORIZON_DAYS && !began; d--) {
    const w = window(d)
    if (w && w.end <= minutes) began = instant(w.end)
  }
  // A shop with no opening hours at all is closed for good: one period per local day.
  began ??= instant(0)
  return { open, periodKey: began.toISOString().slice(0, 16), nextOpenAt }
}
