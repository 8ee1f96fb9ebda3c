// Demo mode's "write as a customer" beyond text: the simulated customer sends a sample photo (a
// generated "bukti transfer"), a voice note, a document, a sticker, a location or a contact card,
// or answers, reacts to, edits or deletes one of their own earlier messages — each through the
// simulator's real WhatsApp media path, so an owner trying the demo sees media arrive like from a
// real phone (and browser tests can drive every kind through the product).
import { z } from 'zod'
import { conflict } from '../shared/errors.js'
import type { SimCustomer } from '../../sim/index.js'
import { samplePdf, sampleWaveform, stickerWebp, transferReceiptJpeg, voiceNoteOgg } from '../../sim/media/samples.js'

const who = {
  /** Which of the shop's numbers the customer writes to (default: its first). */
  deviceId: z.uuid({ message: 'Not a valid id.' }).optional(),
  customerName: z.string().trim().min(1).max(60).optional(),
  phone: z.string().regex(/^[1-9]\d{7,14}$/, 'International digits, 8–15 of them, no leading 0.').optional(),
}
/** Which earlier message of this customer: the newest one with this text (default: their newest). */
const target = z.string().trim().min(1).max(1000).optional()

export const CustomerMedia = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('photo'), caption: z.string().trim().max(1000).optional(), amount: z.string().regex(/^[\d.]{1,15}$/).optional(), ...who }),
  z.strictObject({ kind: z.literal('voice'), seconds: z.number().int().min(1).max(120).optional(), ...who }),
  z.strictObject({ kind: z.literal('document'), fileName: z.string().trim().min(1).max(120).optional(), caption: z.string().trim().max(1000).optional(), ...who }),
  z.strictObject({ kind: z.literal('sticker'), ...who }),
  z.strictObject({ kind: z.literal('location'), latitude: z.number().min(-90).max(90), longitude: z.number().min(-180).max(180), name: z.string().trim().max(200).optional(), ...who }),
  z.strictObject({ kind: z.literal('contact'), displayName: z.string().trim().min(1).max(100), contactPhone: z.string().regex(/^\+?[\d\s-]{8,20}$/), ...who }),
  z.strictObject({ kind: z.literal('reply'), text: z.string().trim().min(1).max(1000), target, ...who }),
  z.strictObject({ kind: z.literal('reaction'), emoji: z.string().min(1).max(16), target, ...who }),
  z.strictObject({ kind: z.literal('edit'), text: z.string().trim().min(1).max(1000), target, ...who }),
  z.strictObject({ kind: z.literal('delete'), target, ...who }),
])
export type CustomerMedia = z.infer<typeof CustomerMedia>

/** What one simulated customer sent, newest last, so replies, reactions, edits and deletes can name it. */
export type SentLog = Array<{ id: string; text: string | null }>

function pick(log: SentLog, text: string | undefined): { id: string; text: string | null } {
  const found = [...log].reverse().find((m) => text === undefined || m.text === text)
  if (!found) throw conflict('demo.no_such_message', text === undefined ? 'This customer has not written anything yet.' : `This customer sent no message "${text}".`)
  return found
}

/** Sends it as `customer` to the shop `shopPn`; records what was sent in `log`. */
export async function sendCustomerMedia(customer: SimCustomer, shopPn: string, body: CustomerMedia, log: SentLog): Promise<void> {
  const remember = (id: string, text: string | null) => { log.push({ id, text }); if (log.length > 50) log.shift() }
  switch (body.kind) {
    case 'photo': {
      const bytes = await transferReceiptJpeg(body.amount ? { amount: body.amount } : {})
      remember(await customer.sendMedia(shopPn, { kind: 'image', bytes, width: 480, height: 640, ...(body.caption ? { caption: body.caption } : {}) }), body.caption ?? null)
      return
    }
    case 'voice': {
      const seconds = body.seconds ?? 7
      remember(await customer.sendMedia(shopPn, { kind: 'ptt', bytes: voiceNoteOgg(seconds), seconds, waveform: sampleWaveform() }), null)
      return
    }
    case 'document': {
      const fileName = body.fileName ?? 'katalog.pdf'
      remember(await customer.sendMedia(shopPn, { kind: 'document', bytes: samplePdf(fileName), fileName, ...(body.caption ? { caption: body.caption } : {}) }), body.caption ?? fileName)
      return
    }
    case 'sticker':
      remember(await customer.sendMedia(shopPn, { kind: 'sticker', bytes: await stickerWebp() }), null)
      return
    case 'location':
      remember(await customer.sendOther(shopPn, { kind: 'location', latitude: body.latitude, longitude: body.longitude, ...(body.name ? { name: body.name } : {}) }), body.name ?? null)
      return
    case 'contact':
      remember(await customer.sendOther(shopPn, { kind: 'contact', displayName: body.displayName, phone: body.contactPhone }), body.displayName)
      return
    case 'reply': {
      const quoted = pick(log, body.target)
      remember(await customer.sendOther(shopPn, { kind: 'reply', quotedId: quoted.id, quotedText: quoted.text ?? '', text: body.text }), body.text)
      return
    }
    case 'reaction':
      await customer.sendOther(shopPn, { kind: 'reaction', targetId: pick(log, body.target).id, emoji: body.emoji })
      return
    case 'edit': {
      const m = pick(log, body.target)
      await customer.sendOther(shopPn, { kind: 'edit', targetId: m.id, text: body.text })
      m.text = body.text
      return
    }
    case 'delete': {
      const m = pick(log, body.target)
      await customer.sendOther(shopPn, { kind: 'revoke', targetId: m.id })
      log.splice(log.indexOf(m), 1)
    }
  }
}
