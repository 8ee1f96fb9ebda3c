// Media both ways between stock Baileys and simulated customers (sim/PROTOCOL.md §13a): Baileys
// uploads through media_conn to the HTTPS media host and the customer decrypts with the MAC and
// hashes checked; customers' media downloads and decrypts in Baileys; expired media is recovered
// through Baileys' re-upload request; replies, reactions, edits and revokes arrive as WhatsApp
// sends them.
import { downloadMediaMessage, type WAMessage } from '@whiskeysockets/baileys'
import { Agent } from 'undici'
import { describe, expect, it } from 'vitest'
import { sampleMp4, sampleWaveform, samplePdf, stickerWebp, transferReceiptJpeg, voiceNoteOgg } from '../media/samples.js'
import { simSuite, waitUntil } from '../testing/harness.js'

const t = simSuite({ deliveryReceiptMs: 100 })

const download = (m: WAMessage, host?: string) =>
  downloadMediaMessage(m, 'buffer', { ...(host ? { host } : {}), options: { dispatcher: new Agent({ connect: { ca: t.sim.mediaCaPem } }) } } as never) as Promise<Buffer>

describe('media between stock Baileys and the simulator', () => {
  it('uploads what the shop sends (image with caption, voice note, document) and the customer decrypts it intact', async () => {
    const { client, phone } = await t.pair()
    const customer = t.sim.createCustomer({ name: 'Rina' })
    await customer.sendText(phone, 'Kak, fotonya mana?')
    await waitUntil(() => client.upserts.length >= 1)
    const jpeg = await transferReceiptJpeg()
    const img = await client.sock.sendMessage(customer.jid, { image: jpeg, caption: 'Ini kak fotonya' })
    const ogg = voiceNoteOgg(2)
    const ptt = await client.sock.sendMessage(customer.jid, { audio: ogg, ptt: true, seconds: 2, mimetype: 'audio/ogg; codecs=opus' })
    const pdf = samplePdf('Nota 17')
    const doc = await client.sock.sendMessage(customer.jid, { document: pdf, fileName: 'nota-17.pdf', mimetype: 'application/pdf' })
    const outImg = await t.sim.waitForOutgoing({ to: customer, match: (m) => m.id === img!.key.id })
    const outPtt = await t.sim.waitForOutgoing({ to: customer, match: (m) => m.id === ptt!.key.id })
    const outDoc = await t.sim.waitForOutgoing({ to: customer, match: (m) => m.id === doc!.key.id })
    expect(outImg.message?.imageMessage?.caption).toBe('Ini kak fotonya')
    expect(customer.downloadMedia(outImg).bytes.equals(jpeg)).toBe(true)
    expect(outPtt.message?.audioMessage?.ptt).toBe(true)
    expect(customer.downloadMedia(outPtt).bytes.equals(ogg)).toBe(true)
    expect(customer.downloadMedia(outDoc)).toMatchObject({ kind: 'document', mimetype: 'application/pdf' })
    expect(customer.downloadMedia(outDoc).bytes.equals(pdf)).toBe(true)
    expect(t.sim.media.uploads).toBe(3)
  })

  it('refuses to hand a customer a file whose MAC does not match', async () => {
    const { client, phone } = await t.pair()
    const customer = t.sim.createCustomer()
    await customer.sendText(phone, 'halo')
    await waitUntil(() => client.upserts.length >= 1)
    const img = await client.sock.sendMessage(customer.jid, { image: await transferReceiptJpeg(), caption: 'x' })
    const out = await t.sim.waitForOutgoing({ to: customer, match: (m) => m.id === img!.key.id })
    const hosted = t.sim.media.get(out.message!.imageMessage!.directPath!)!
    hosted.enc[5] = hosted.enc[5]! ^ 0xff // one flipped byte on the server
    expect(() => customer.downloadMedia(out)).toThrow(/fileEncSha256|MAC/)
  })

  it('gives Baileys each kind a customer sends, and Baileys downloads and decrypts the files', async () => {
    const { client, phone } = await t.pair()
    const customer = t.sim.createCustomer({ name: 'Dewi' })
    const jpeg = await transferReceiptJpeg({ amount: '250.000' })
    const ogg = voiceNoteOgg(4)
    const webp = await stickerWebp()
    const pdf = samplePdf()
    const ids = {
      image: await customer.sendMedia(phone, { kind: 'image', bytes: jpeg, caption: 'bukti transfer ya kak', width: 480, height: 640 }),
      ptt: await customer.sendMedia(phone, { kind: 'ptt', bytes: ogg, seconds: 4, waveform: sampleWaveform() }),
      document: await customer.sendMedia(phone, { kind: 'document', bytes: pdf, fileName: 'pesanan.pdf' }),
      sticker: await customer.sendMedia(phone, { kind: 'sticker', bytes: webp }),
      video: await customer.sendMedia(phone, { kind: 'video', bytes: sampleMp4(), seconds: 3, caption: 'ini barangnya' }),
      location: await customer.sendOther(phone, { kind: 'location', latitude: -6.2, longitude: 106.8, name: 'Rumah' }),
      contact: await customer.sendOther(phone, { kind: 'contact', displayName: 'Bu Ani', phone: '+62 812 1111 2222' }),
    }
    await waitUntil(() => client.upserts.length >= 7)
    const byId = (id: string) => client.upserts.find((u) => u.message.key.id === id)!.message
    expect(byId(ids.image).message?.imageMessage?.caption).toBe('bukti transfer ya kak')
    expect((await download(byId(ids.image))).equals(jpeg)).toBe(true)
    const voice = byId(ids.ptt).message?.audioMessage
    expect([voice?.ptt, voice?.seconds, voice?.waveform?.length]).toEqual([true, 4, 64])
    expect((await download(byId(ids.ptt))).equals(ogg)).toBe(true)
    expect(byId(ids.document).message?.documentMessage?.fileName).toBe('pesanan.pdf')
    expect((await download(byId(ids.document))).equals(pdf)).toBe(true)
    expect((await download(byId(ids.sticker))).equals(webp)).toBe(true)
    expect(byId(ids.video).message?.videoMessage).toMatchObject({ seconds: 3, caption: 'ini barangnya', mimetype: 'video/mp4' })
    expect((await download(byId(ids.video))).equals(sampleMp4())).toBe(true)
    expect(byId(ids.location).message?.locationMessage).toMatchObject({ degreesLatitude: -6.2, degreesLongitude: 106.8, name: 'Rumah' })
    expect(byId(ids.contact).message?.contactMessage?.vcard).toContain('waid=6281211112222')
  })

  it('answers Baileys\' re-upload request for expired media with a new path, and NOT_FOUND when the phone lost it', async () => {
    const { client, phone } = await t.pair()
    const customer = t.sim.createCustomer()
    const jpeg = await transferReceiptJpeg()
    const kept = await customer.sendMedia(phone, { kind: 'image', bytes: jpeg })
    const lost = await customer.sendMedia(phone, { kind: 'image', bytes: jpeg })
    await waitUntil(() => client.upserts.length >= 2)
    customer.expireMedia(kept, 410)
    customer.expireMedia(lost, 404, { phoneLostIt: true })
    const keptMsg = client.upserts.find((u) => u.message.key.id === kept)!.message
    await expect(download(keptMsg)).rejects.toMatchObject({ output: { statusCode: 410 } })
    // rc14's downloadMediaMessage looks for `error.status`, which its own Boom errors do not carry,
    // so its automatic re-upload never runs: the caller asks with updateMediaMessage itself.
    // It also rebuilds `url` on the host of its last media_conn, WhatsApp's default when it never
    // uploaded: the new directPath is what counts, on the host the file came from.
    const host = new URL(keptMsg.message!.imageMessage!.url!).host
    const refreshed = await client.sock.updateMediaMessage(keptMsg)
    expect(refreshed.message?.imageMessage?.directPath).toBe(t.sim.phoneMedia.get(kept)?.directPath)
    expect((await download(refreshed, host)).equals(jpeg)).toBe(true)
    const lostMsg = client.upserts.find((u) => u.message.key.id === lost)!.message
    await expect(download(lostMsg)).rejects.toMatchObject({ output: { statusCode: 404 } })
    await expect(client.sock.updateMediaMessage(lostMsg)).rejects.toThrow(/re-upload/)
    expect(t.sim.stats().mediaRetries).toBe(2)
  })

  it('delivers a reply quoting a message, a reaction, an edit and a delete-for-everyone', async () => {
    const { client, phone } = await t.pair()
    const customer = t.sim.createCustomer()
    const first = await customer.sendText(phone, 'Pesan 2 ya')
    const sent = await client.sock.sendMessage(customer.jid, { text: 'Siap kak' })
    await t.sim.waitForOutgoing({ to: customer, match: (m) => m.id === sent!.key.id })
    const reply = await customer.sendOther(phone, { kind: 'reply', quotedId: sent!.key.id!, quotedText: 'Siap kak', quotedFromMe: true, text: 'Jadi berapa?' })
    await customer.sendOther(phone, { kind: 'reaction', targetId: sent!.key.id!, targetFromShop: true, emoji: '👍' })
    await customer.sendOther(phone, { kind: 'edit', targetId: first, text: 'Pesan 3 ya' })
    await customer.sendOther(phone, { kind: 'revoke', targetId: reply })
    await waitUntil(() => client.upserts.filter((u) => !u.message.key.fromMe).length >= 5, 10_000, 'all five')
    const got = client.upserts.filter((u) => !u.message.key.fromMe).map((u) => u.message.message)
    const quoted = got.find((m) => m?.extendedTextMessage?.contextInfo?.stanzaId)
    expect(quoted?.extendedTextMessage?.contextInfo).toMatchObject({ stanzaId: sent!.key.id, quotedMessage: { conversation: 'Siap kak' } })
    const protocol = got.map((m) => m?.protocolMessage).filter(Boolean)
    expect(protocol.map((p) => [p!.type, p!.key?.id])).toEqual([[14, first], [0, reply]])
    expect(protocol[0]!.editedMessage?.conversation).toBe('Pesan 3 ya')
    expect(got.find((m) => m?.reactionMessage)?.reactionMessage).toMatchObject({ text: '👍', key: { id: sent!.key.id, fromMe: true } })
  })
})
