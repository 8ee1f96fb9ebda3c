// An outgoing file is uploaded to WhatsApp once: the upload's location and keys are stored before
// the message is relayed, so when the send fails after the upload (a crash, a dropped socket) the
// retry re-sends the same message id with the same upload instead of uploading again.
import { Readable } from 'node:stream'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import sharp from 'sharp'
import { customerMessage, registerOwner, startPipeline, type PipelineHarness } from '../../../test/pipeline-harness.js'
import type { MediaUploadRef, OutgoingMediaFile, OutgoingMessage } from '../../adapters/whatsapp/whatsapp.port.js'

let h: PipelineHarness
beforeAll(async () => { h = await startPipeline() })
afterAll(async () => { await h?.close() })

describe('outgoing media', () => {
  it('uploads once and re-sends the same message id with the kept upload after a failed send', async () => {
    const { tenantId } = await registerOwner(h.app)
    const asked = customerMessage({ text: 'Minta fotonya kak' })
    await h.pipeline.inbox.ingest(tenantId, [asked], 'live')
    const conversationId = (await h.pipeline.inbox.list(tenantId, { limit: 1 })).items[0]!.id
    const jpeg = await sharp({ create: { width: 64, height: 48, channels: 3, background: '#ff8800' } }).jpeg().toBuffer()
    const upload = await h.pipeline.media.upload(tenantId, Readable.from([jpeg]), 'foto.jpg', 'image/jpeg')
    const row = await h.pipeline.inbox.reply(tenantId, conversationId, 'Ini fotonya', 'owner', { mediaId: upload.id })
    expect(row).toMatchObject({ type: 'image', body: 'Ini fotonya', status: 'pending' })

    // Never uploaded means never sent: nothing for a retry request to re-send.
    expect(await h.pipeline.outgoingMedia.sent(tenantId, row.id)).toBeUndefined()
    const uploads: Array<{ file: OutgoingMediaFile; bytes: Buffer }> = []
    const relayed: OutgoingMessage[] = []
    let crash = true
    const { drainer } = h.drainer(async (_t, item) => {
      const media = await h.pipeline.outgoingMedia.forSending(tenantId, item.rowId, async (file): Promise<MediaUploadRef> => {
        const chunks: Buffer[] = []
        for await (const c of file.source) chunks.push(c as Buffer)
        uploads.push({ file, bytes: Buffer.concat(chunks) })
        return { url: 'https://mmg.whatsapp.net/d/1', directPath: `/v/t62/${uploads.length}.enc`, mediaKey: 'a2V5', fileSha256: null, fileEncSha256: null, mediaType: 'image', fileLength: jpeg.length }
      })
      relayed.push({ toJid: item.toJid, messageId: item.messageId, text: item.text, media })
      // The upload is done, then the process dies before WhatsApp takes the message.
      if (crash) { crash = false; throw new Error('gateway crashed before the relay') }
    })
    await drainer.kick(tenantId)
    expect((await h.pipeline.inbox.message(tenantId, row.id))).toMatchObject({ status: 'pending', attempts: 1 })
    await drainer.kick(tenantId)
    expect(uploads).toHaveLength(1)
    expect(uploads[0]!.bytes.equals(jpeg)).toBe(true)
    expect(uploads[0]!.file).toMatchObject({ kind: 'image', mime: 'image/jpeg' })
    expect(relayed.map((m) => [m.messageId, m.media?.upload.directPath, m.text])).toEqual([[row.waId, '/v/t62/1.enc', 'Ini fotonya'], [row.waId, '/v/t62/1.enc', 'Ini fotonya']])
    expect(await h.pipeline.inbox.message(tenantId, row.id)).toMatchObject({ status: 'sent' })
    // The photo carries its preview, and a retry request gets exactly what was sent.
    const thumb = relayed[1]!.media!.jpegThumbnail!
    expect((await sharp(thumb).metadata()).format).toBe('jpeg')
    expect(await h.pipeline.outgoingMedia.sent(tenantId, row.id)).toEqual(relayed[1]!.media)
    expect(await h.pipeline.inbox.sentOutboxItem(tenantId, row.waId)).toMatchObject({ messageId: row.waId, rowId: row.id, hasMedia: true, text: 'Ini fotonya' })
  })
})
