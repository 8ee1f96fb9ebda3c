// Snooze presets in the shop's timezone: "1 jam", "besok pagi 08:00", or a picked local time.
// Indonesia's zones have no daylight saving, but the offset is read from Intl anyway, so any
// IANA zone gives the right instant.

/** The zone's offset from UTC at `at`, in milliseconds (WIB: +7 h). */
function offsetMs(at: Date, timeZone: string): number {
  const parts = Object.fromEntries(new Intl.DateTimeFormat('en-US', {
    timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit',
  }).formatToParts(at).map((p) => [p.type, p.value]))
  const asUtc = Date.UTC(+parts.year!, +parts.month! - 1, +parts.day!, +parts.hour!, +parts.minute!, +parts.second!)
  return asUtc - Math.floor(at.getTime() / 1000) * 1000
}

/** The instant of wall-clock `local` ("2026-01-31T08:00") in `timeZone`. */
export function zonedTime(local: string, timeZone: string): Date {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/.exec(local)
  if (!m) throw new Error(`not a local time: ${local}`)
  const guess = Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!)
  return new Date(guess - offsetMs(new Date(guess), timeZone))
}

/** The wall-clock date ("2026-01-31") in `timeZone` at `at`. */
function localDate(at: Date, timeZone: string): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(at)
}

/** 08:00 tomorrow in the shop's zone. */
export function tomorrowMorning(now: Date, timeZone: string, hour = 8): Date {
  const tomorrow = localDate(new Date(now.getTime() + 24 * 3600_000), timeZone)
  return zonedTime(`${tomorrow}T${String(hour).padStart(2, '0')}:00`, timeZone)
}

export function inOneHour(now: Date): Date {
  return new Date(now.getTime() + 3600_000)
}
