import { z } from 'zod'
import { IsoTime, named } from '../../shared/http-schemas.js'

const HhMm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'Write times as HH:MM, 00:00–23:59.')
const DayHours = z.strictObject({
  closed: z.boolean(),
  open: HhMm.meta({ description: 'Opening time, local (HH:MM).' }),
  close: HhMm.meta({ description: 'Closing time, local (HH:MM); at or before the opening, it is the next morning (20:00–02:00).' }),
}).refine((d) => d.closed || d.open !== d.close, { message: 'Opening and closing cannot be the same time.', path: ['close'] })

/** A real calendar date, YYYY-MM-DD. */
const IsoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'Write dates as YYYY-MM-DD.')
  .refine((d) => { const t = Date.parse(`${d}T00:00:00Z`); return Number.isFinite(t) && new Date(t).toISOString().startsWith(d) }, { message: 'Not a calendar date.' })

export const AwaySettingsBody = z.strictObject({
  enabled: z.boolean(),
  message: z.string().trim().max(1000, 'At most 1000 characters.'),
  week: z.array(DayHours).length(7, 'Give seven days, Monday first.').meta({ description: 'Monday (Senin) first.' }),
  holidays: z.array(IsoDate).max(366, 'At most 366 holidays.').default([])
    .meta({ description: "Dates (YYYY-MM-DD, in the shop's timezone) the shop stays closed; an evening window of the day before still runs into them." }),
}).refine((s) => !s.enabled || s.message.length > 0, { message: 'Write the away message before turning it on.', path: ['message'] })
export type AwaySettingsBody = z.infer<typeof AwaySettingsBody>

export const AwaySettings = named('AwaySettings', z.object({
  enabled: z.boolean(),
  message: z.string(),
  week: z.array(z.object({ closed: z.boolean(), open: z.string(), close: z.string() })),
  holidays: z.array(z.string()).meta({ description: 'Closed dates (YYYY-MM-DD, shop timezone), soonest first.' }),
  /** The shop's timezone (Profil usaha), in which the hours are read. */
  timezone: z.string(),
  status: z.object({
    open: z.boolean().meta({ description: 'Open now by these hours.' }),
    nextOpenAt: IsoTime.nullable().meta({ description: 'When the shop opens next; null when no day opens.' }),
  }),
}))
export type AwaySettings = z.infer<typeof AwaySettings>
