import { z } from 'zod'
import { IsoTime, Uuid, named } from '../../shared/http-schemas.js'

/** The chip colours a number can have in the inbox (the dashboard maps each to its shade). */
export const DEVICE_COLOURS = ['green', 'blue', 'purple', 'orange', 'pink', 'teal'] as const
export type DeviceColour = (typeof DEVICE_COLOURS)[number]
/** The groups of a number's settings that can differ from the shop's (device-settings module). */
export const OWN_SETTINGS_GROUPS = ['autoReply', 'followUp', 'away'] as const
export type OwnSettingsGroup = (typeof OWN_SETTINGS_GROUPS)[number]
export const DeviceColourSchema = named('DeviceColour', z.enum(DEVICE_COLOURS))

export const DeviceState = named('DeviceState', z.enum(['disconnected', 'connecting', 'qr', 'connected', 'logged_out', 'failed']))
export const Qr = named('Qr', z.object({
  code: z.string(), dataUrl: z.string().meta({ description: 'The QR as an SVG image data URL, ready for an <img>.' }), expiresAt: IsoTime,
}))
export const PairingCode = named('PairingCode', z.object({ code: z.string(), phoneNumber: z.string(), expiresAt: IsoTime })
  .meta({ description: 'A code to type on the phone (linking by phone number), for one number.' }))
export const DeviceStatus = named('DeviceStatus', z.object({
  deviceId: Uuid.meta({ description: 'The number (device) this status is of.' }),
  state: DeviceState,
  phone: z.string().nullable(),
  pushName: z.string().nullable(),
  lastError: z.string().nullable(),
  lastCloseCode: z.number().int().nullable(),
  qr: Qr.nullable(),
  pairingMode: z.enum(['qr', 'code']).nullable().meta({ description: 'While `state` is `qr`: linking by scanning the QR, or by a code typed on the phone (no QR then).' }),
  pairingCode: PairingCode.nullable(),
  demo: z.boolean(),
}))

export const Device = named('Device', z.object({
  id: Uuid,
  name: z.string(),
  colour: DeviceColourSchema,
  first: z.boolean().meta({ description: 'The number the /device routes and sends without a deviceId use.' }),
  createdAt: IsoTime,
  status: DeviceStatus,
  ownSettings: z.array(z.enum(OWN_SETTINGS_GROUPS)).meta({ description: "The groups of settings this number has its own values for (the rest follow the shop's); empty when it follows the shop in everything." }),
}).meta({ description: 'One linked WhatsApp number of the shop.' }))

const DeviceName = z.string().trim().min(1, 'Give the number a name.').max(40)
export const CreateDevice = z.strictObject({ name: DeviceName, colour: DeviceColourSchema.optional() })
export const UpdateDevice = z.strictObject({ name: DeviceName.optional(), colour: DeviceColourSchema.optional() })
export const DeviceIdParams = z.strictObject({ id: z.uuid({ message: 'Not a valid id.' }) })
