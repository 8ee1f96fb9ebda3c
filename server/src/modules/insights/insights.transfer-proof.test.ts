import { describe, expect, it } from 'vitest'
import { looksLikeTransferProof, saysPaid } from './insights.transfer-proof.js'

const own = (...t: string[]) => ({ own: t, recent: [] })

describe('transfer proof cue', () => {
  it('reads captions that say the customer paid, however they are written', () => {
    for (const caption of ['sudah transfer ya kak', 'bukti tf', 'udh tf kak 150rb', 'ini buktinya', 'Sdh byr ya', 'barusan trf via BCA',
      'transferan nya kak', 'lunas ya', 'DP sudah masuk', 'payment done', 'I have paid, here is the receipt', 'via mbanking ya kak']) {
      expect(saysPaid(caption), caption).toBe(true)
      expect(looksLikeTransferProof(own(caption)), caption).toBe(true)
    }
  })

  it('does not see a proof in a product question or plain chat', () => {
    for (const caption of ['yang ini ada ukuran L?', 'bisa bayar pakai qris?', 'warna ini masih ada kak', 'cantik banget', 'berapa harganya']) {
      expect(looksLikeTransferProof(own(caption)), caption).toBe(false)
    }
    expect(looksLikeTransferProof(own())).toBe(false)
  })

  it('uses the recent chat for a photo without a caption', () => {
    expect(looksLikeTransferProof({ own: [], recent: [{ from: 'business', text: 'Totalnya Rp175.000, silakan transfer ke rek BCA 123456' }] })).toBe(true)
    expect(looksLikeTransferProof({ own: [], recent: [{ from: 'customer', text: 'oke kak sudah saya tf' }] })).toBe(true)
    expect(looksLikeTransferProof({ own: [], recent: [{ from: 'customer', text: 'kak ada yang warna merah?' }] })).toBe(false)
    // A caption asking about something else wins over the context.
    expect(looksLikeTransferProof({ own: ['yang ini ready?'], recent: [{ from: 'business', text: 'silakan transfer ya' }] })).toBe(false)
  })
})
