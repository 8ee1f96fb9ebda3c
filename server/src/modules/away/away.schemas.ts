import { z } from 'zod'
import { IsoTime, named } from '../../shared/http-schemas.js'

const HhMm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'Write times as HH:MM, 00:00–23:59.')
const DayHours = z.strictObject({
  closed: z.boolean(),
  open: HhMm.meta({ description: 'Opening time, local (HH:MM).' }),
  close: HhMm.meta({ description: 'Closing time, local (HH:MM); after the opening, same day.' }),
}).refine((d) => d.closed || d.open < d.close, { message: 'The closing time must be after the opening time (same day).', path: ['close'] })

export const AwaySettingsBody = z.strictObject({
  enabled: z.boolean(),
  message: z.string().trim().max(1000, 'At most 1000 characters.'),
  week: z.array(DayHours).length(7, 'Give seven days, Monday first.').meta({ description: 'Monday (Senin) first.' }),
}).refine((s) => !s.enabled || s.message.length > 0, { message: 'Write the away message before turning it on.', path: ['message'] })
export type AwaySettingsBody = z.infer<typeof AwaySettingsBody>

export const AwaySettings = named('AwaySettings', z.object({
  enabled: z.boolean(),
  message: z.string(),
  week: z.array(z.object({ closed: z.boolean(), open: z.string(), close: z.string() })),
  /** The shop's timezone (Profil usaha), in which the hours are read. */
  timezone: z.string(),
  status: z.object({
    open: z.boolean().meta({ description: 'Open now by these hours.' }),
    nextOpenAt: IsoTime.nullable().meta({ description: 'When the shop opens next; null when no day opens.' }),
  }),
}))
export type AwaySettings = z.infer<typeof AwaySettings>
