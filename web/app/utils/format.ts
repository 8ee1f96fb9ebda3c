// Local formatting: Rupiah, Indonesian phone numbers, times in the tenant's timezone (WIB/WITA/WIT).
// Pure functions (no Nuxt), unit-tested in test/unit/format.test.ts.
import { parsePhoneNumberFromString } from 'libphonenumber-js/min'

const rupiahDigits = new Intl.NumberFormat('id-ID', { maximumFractionDigits: 0 })

/** 25000 → "Rp 25.000" (always the Indonesian grouping, whatever the UI language). */
export function formatRupiah(amount: number | null | undefined): string {
  if (amount === null || amount === undefined || !Number.isFinite(amount)) return '—'
  const sign = amount < 0 ? '-' : ''
  return `${sign}Rp ${rupiahDigits.format(Math.abs(Math.round(amount)))}`
}

/** Digits of a phone number or WhatsApp JID ("6281234567890@s.whatsapp.net" → "6281234567890"). */
export function phoneDigits(input: string | null | undefined): string {
  if (!input) return ''
  const user = input.split('@')[0]!.split(':')[0]!
  return user.replace(/\D/g, '')
}

/**
 * Any country's number, grouped the way that country writes it (libphonenumber-js, whose metadata
 * knows every numbering plan; our own rules only knew Indonesia):
 * "6281234567890" / "081234567890" / "+62 812 3456 7890" → "+62 812-3456-7890" (Indonesian
 * mobiles keep the dashes people write them with), "6591234567" → "+65 9123 4567". A number the
 * plan does not recognise still gets its country code split off ("+65 81234500033").
 */
export function formatPhone(input: string | null | undefined): string {
  let d = phoneDigits(input)
  if (!d) return ''
  if (d.startsWith('0')) d = `62${d.slice(1)}`
  const parsed = parsePhoneNumberFromString(`+${d}`)
  if (!parsed) return `+${d}`
  if (parsed.countryCallingCode === '62') {
    // National "0812-3456-7890" is how Indonesians write a mobile; as "+62 812-3456-7890" abroad.
    const national = parsed.formatNational()
    if (/^08[\d-]+$/.test(national)) return `+62 ${national.slice(1)}`
  }
  return parsed.formatInternational()
}

/** What the owner types in the pair-by-code form → what the API wants ("6281234567890"). */
export function normalisePhoneInput(input: string): string {
  let d = input.replace(/\D/g, '')
  if (d.startsWith('0')) d = `62${d.slice(1)}`
  else if (d.startsWith('8')) d = `62${d}`
  return d
}

const INDONESIAN_ZONES: Record<string, string> = {
  'Asia/Jakarta': 'WIB',
  'Asia/Pontianak': 'WIB',
  'Asia/Makassar': 'WITA',
  'Asia/Ujung_Pandang': 'WITA',
  'Asia/Jayapura': 'WIT',
}

/** "Asia/Jakarta" → "WIB", "Asia/Makassar" → "WITA", "Asia/Jayapura" → "WIT"; other zones: Intl's short name. */
export function timezoneLabel(timeZone: string, at: Date = new Date()): string {
  const known = INDONESIAN_ZONES[timeZone]
  if (known) return known
  try {
    const part = new Intl.DateTimeFormat('en-US', { timeZone, timeZoneName: 'short' })
      .formatToParts(at).find((p) => p.type === 'timeZoneName')
    return part?.value ?? timeZone
  } catch {
    return timeZone
  }
}

function safeZone(timeZone: string): string {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone })
    return timeZone
  } catch {
    return 'Asia/Jakarta'
  }
}

const bcp47 = (locale: string) => (locale === 'en' ? 'en-GB' : 'id-ID')

/** Calendar day of an instant in a zone, as "YYYY-MM-DD". */
export function dayKey(at: Date, timeZone: string): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: safeZone(timeZone), year: 'numeric', month: '2-digit', day: '2-digit' }).format(at)
}

/** "14.05" (id) / "14:05" (en) in the tenant's zone. */
export function formatClock(iso: string | Date, timeZone: string, locale = 'id'): string {
  const at = typeof iso === 'string' ? new Date(iso) : iso
  return new Intl.DateTimeFormat(bcp47(locale), { timeZone: safeZone(timeZone), hour: '2-digit', minute: '2-digit', hour12: false }).format(at)
}

/** For list rows: the clock time when it is today in the tenant's zone, else "23 Nov". */
export function formatListTime(iso: string, timeZone: string, locale = 'id', now: Date = new Date()): string {
  const at = new Date(iso)
  if (dayKey(at, timeZone) === dayKey(now, timeZone)) return formatClock(at, timeZone, locale)
  return new Intl.DateTimeFormat(bcp47(locale), { timeZone: safeZone(timeZone), day: 'numeric', month: 'short' }).format(at)
}

/** "23 Nov 2026 14.05 WIB". */
export function formatDateTime(iso: string, timeZone: string, locale = 'id'): string {
  const at = new Date(iso)
  const date = new Intl.DateTimeFormat(bcp47(locale), { timeZone: safeZone(timeZone), day: 'numeric', month: 'short', year: 'numeric' }).format(at)
  return `${date} ${formatClock(at, timeZone, locale)} ${timezoneLabel(timeZone, at)}`
}

/** Short weekday + day for chart labels from a "YYYY-MM-DD" key ("Sen 23"). */
export function formatDayLabel(key: string, locale = 'id'): string {
  const [y, m, d] = key.split('-').map(Number)
  const at = new Date(Date.UTC(y!, m! - 1, d!, 12))
  return new Intl.DateTimeFormat(bcp47(locale), { timeZone: 'UTC', weekday: 'short', day: 'numeric' }).format(at)
}

/** Whole seconds from now until `expiresAt` (never negative). */
export function secondsUntil(expiresAt: string, now: number = Date.now()): number {
  return Math.max(0, Math.ceil((new Date(expiresAt).getTime() - now) / 1000))
}

/** Name to show for a contact: their name, else the formatted number. */
export function contactLabel(contact: { name: string | null; phone: string | null; jid: string }): string {
  return contact.name?.trim() || formatPhone(contact.phone ?? contact.jid) || contact.jid
}

/** Up to two initials for an avatar. */
export function initials(label: string): string {
  const words = label.replace(/[^\p{L}\p{N} ]/gu, ' ').trim().split(/\s+/).filter(Boolean)
  if (words.length === 0) return '?'
  if (/^\d/.test(words[0]!)) return '#'
  return words.slice(0, 2).map((w) => w[0]!.toUpperCase()).join('')
}

/** "1,2 MB", "340 KB": file sizes for people. */
export function formatBytes(bytes: number, locale = 'id'): string {
  const fmt = (n: number) => n.toLocaleString(locale === 'en' ? 'en-US' : 'id-ID', { maximumFractionDigits: 1 })
  if (bytes >= 1024 * 1024) return `${fmt(bytes / 1024 / 1024)} MB`
  return `${fmt(Math.max(1, Math.round(bytes / 1024)))} KB`
}
