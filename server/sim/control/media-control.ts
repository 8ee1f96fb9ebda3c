// Control API for media (sim/PROTOCOL.md §13a), for a product in another process (e2e, demo mode):
//   POST /control/customers/:pn/send-media {to, kind, sample?|dataBase64?, caption?, fileName?, seconds?, offline?}
//        sample: receipt | voice | sticker | pdf | video (generated files of the right format;
//        video takes sizeBytes for a large file of random content)
//   POST /control/customers/:pn/send-other {to, kind: location|contact|reply|reaction|edit|revoke, …}
//   POST /control/customers/:pn/expire-media {id, status?: 404|410, phoneLostIt?}
//   POST /control/customers/:pn/download {id}   → the decrypted media of a message the shop sent, with
//        what the phone shows of it (caption, ptt, seconds, waveform, fileName, quotedId)
import type { SimCustomer } from '../handles.js'
import type { CustomerMedia, CustomerOther } from '../flows/customer-media.js'
import { sampleMp4, samplePdf, sampleWaveform, stickerWebp, transferReceiptJpeg, voiceNoteOgg } from '../media/samples.js'
import type { WaSim } from '../sim.js'

type Fail = (status: number, message: string) => Error

async function bytesOf(body: Record<string, unknown>, fail: Fail): Promise<Buffer> {
  if (typeof body.dataBase64 === 'string') return Buffer.from(body.dataBase64, 'base64')
  switch (body.sample) {
    case 'receipt': return transferReceiptJpeg(typeof body.amount === 'string' ? { amount: body.amount } : {})
    case 'voice': return voiceNoteOgg(typeof body.seconds === 'number' ? body.seconds : 3)
    case 'sticker': return stickerWebp()
    case 'pdf': return samplePdf()
    // sizeBytes: a large video (random content) without sending its bytes over the control API.
    case 'video': return typeof body.sizeBytes === 'number' ? sampleMp4(Math.min(Math.max(0, body.sizeBytes - 32), 200 * 1024 * 1024), true) : sampleMp4()
    default: throw fail(400, 'sample or dataBase64 is required')
  }
}

export async function mediaControl(sim: WaSim, customer: SimCustomer, action: string, body: Record<string, unknown>, fail: Fail): Promise<unknown> {
  const to = typeof body.to === 'string' ? body.to : undefined
  const offline = body.offline === true
  const str = (k: string) => (typeof body[k] === 'string' ? (body[k] as string) : undefined)
  if (action === 'send-media') {
    if (!to) throw fail(400, 'to is required')
    const bytes = await bytesOf(body, fail)
    const seconds = typeof body.seconds === 'number' ? body.seconds : 3
    const caption = str('caption')
    const media: CustomerMedia | undefined =
      body.kind === 'image' ? { kind: 'image', bytes, ...(caption ? { caption } : {}) }
        : body.kind === 'ptt' ? { kind: 'ptt', bytes, seconds, waveform: sampleWaveform() }
          : body.kind === 'video' ? { kind: 'video', bytes, seconds, ...(caption ? { caption } : {}) }
            : body.kind === 'document' ? { kind: 'document', bytes, fileName: str('fileName') ?? 'dokumen.pdf', ...(str('mimetype') ? { mimetype: str('mimetype')! } : {}) }
              : body.kind === 'sticker' ? { kind: 'sticker', bytes } : undefined
    if (!media) throw fail(400, 'kind must be image, ptt, video, document or sticker')
    return { id: await customer.sendMedia(to, media, { offline }) }
  }
  if (action === 'send-other') {
    if (!to) throw fail(400, 'to is required')
    const { to: _to, offline: _off, ...other } = body
    if (!['location', 'contact', 'reply', 'reaction', 'edit', 'revoke'].includes(String(other.kind))) throw fail(400, 'unknown kind')
    return { id: await customer.sendOther(to, other as unknown as CustomerOther, { offline }) }
  }
  if (action === 'expire-media') {
    customer.expireMedia(str('id') ?? '', body.status === 404 ? 404 : 410, { phoneLostIt: body.phoneLostIt === true })
    return { ok: true }
  }
  if (action === 'download') {
    const out = sim.outgoingById.get(str('id') ?? '')
    if (!out) throw fail(404, 'unknown message')
    const got = customer.downloadMedia(out)
    return { ...customer.inspect(out), kind: got.kind, mimetype: got.mimetype, size: got.bytes.length, dataBase64: got.bytes.toString('base64') }
  }
  return undefined
}
