import { z } from 'zod'
import { IsoTime, named } from '../../shared/http-schemas.js'

export const DeviceState = named('DeviceState', z.enum(['disconnected', 'connecting', 'qr', 'connected', 'logged_out', 'failed']))
export const Qr = named('Qr', z.object({
  code: z.string(), dataUrl: z.string().meta({ description: 'The QR as an SVG image data URL, ready for an <img>.' }), expiresAt: IsoTime,
}))
export const PairingCode = named('PairingCode', z.object({ code: z.string(), phoneNumber: z.string(), expiresAt: IsoTime })
  .meta({ description: 'A code to type on the phone (linking by phone number), for one number.' }))
export const DeviceStatus = named('DeviceStatus', z.object({
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
