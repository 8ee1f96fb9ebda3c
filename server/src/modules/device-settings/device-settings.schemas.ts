import { z } from 'zod'
import { named, Uuid } from '../../shared/http-schemas.js'
import { FollowUpRuleBody } from '../ai-config/ai-config.schemas.js'
import { AwaySettings, AwaySettingsBody } from '../away/away.schemas.js'

const Inherit = z.strictObject({ inherit: z.literal(true).meta({ description: "Follow the shop's setting again." }) })
const ReplyBody = z.strictObject({
  autoReply: z.boolean().meta({ description: "The AI answers this number's customers by itself (else it only drafts)." }),
  replyToComplaints: z.boolean().meta({ description: 'The AI may acknowledge a complaint (otherwise a person answers it).' }),
})

/** Each group: `{ inherit: true }` (follow the shop) or the number's own values; a group left out stays as it is. */
export const DeviceSettingsBody = z.strictObject({
  autoReply: z.union([Inherit, ReplyBody]).optional(),
  followUp: z.union([Inherit, FollowUpRuleBody]).optional(),
  away: z.union([Inherit, AwaySettingsBody]).optional(),
})
export type DeviceSettingsBody = z.infer<typeof DeviceSettingsBody>

/** `value` is what applies to the number now (its own, or the shop's when inherited); `shop` what `{ inherit: true }` would apply. */
const group = <T extends z.ZodType>(value: T, description: string) => z.object({
  inherit: z.boolean().meta({ description: "True: the number follows the shop's setting (`value` is the shop's)." }),
  value,
  shop: value,
}).meta({ description: `${description} \`value\` applies to the number now; \`shop\` is what \`{ inherit: true }\` would apply.` })

const Reply = z.object({ autoReply: z.boolean(), replyToComplaints: z.boolean() })
const FollowUp = z.object({ enabled: z.boolean(), afterHours: z.number(), maxCount: z.number().int(), onlyHotLeads: z.boolean() })

export const DeviceSettings = named('DeviceSettings', z.object({
  deviceId: Uuid,
  autoReply: group(Reply, 'Whether the AI answers by itself.'),
  followUp: group(FollowUp, 'When quiet leads are nudged.'),
  away: group(AwaySettings, 'Business hours and the away message (with whether the number is open now).'),
}).meta({ description: "One number's settings: each group its own or the shop's." }))
export type DeviceSettings = z.infer<typeof DeviceSettings>
