// Is a photo (or a document) a customer sent a proof of payment? Shops in Indonesia are paid by
// bank or e-wallet transfer, and the customer sends a screenshot of it ("bukti tf"); the owner
// must check the money arrived before shipping. We judge from words only — the caption, the
// vision model's description when there is one, and the recent chat (the shop asked "silakan
// transfer ke rek BCA…", or the customer said "sudah saya tf" just before) — never from the
// pixels, so the rules must generalise over how people write: abbreviations (tf, trf, byr),
// past-tense markers (udah, sdh, barusan), bank and wallet names, English.

/** Words that on their own say "here is a proof of payment". */
const PROOF = /\b(bukti\w*|struk|strook|resi (transfer|tf|pembayaran|bayar)|transferan\w*|tfan|tf an|lunas\w*|pelunasan|mutasi|receipt|proof|paid|transferred|payment (proof|slip|confirmation)|sudah (masuk|ditransfer)|slip)\b/
/** Payment words that need a past-tense marker or a statement (not a question) to mean "I paid". */
const PAYMENT = /\b(trans?fe?r\w*|tf|trf|trnsfr|bayar\w*|byr|dibayar|pembayaran|setor\w*|rekening|rek|norek|dp|qris|gopay|ovo|shopeepay|m ?banking|ibanking|brimo|livin|bca|mandiri|bri|bni|bsi|payment|pay)\b/
const DONE = /\b(sudah|sdh|udah|udh|dah|telah|tlh|barusan|baru saja|baru aja|already|just|done|sukses|berhasil)\b/
const ASKING = /\?|\b(bisa|bs|apa|apakah|gimana|bagaimana|gmn|berapa|brp|boleh|kah|can|how|which|where)\b/
/** The shop asked for the money: the photo that follows is likely the proof. */
const SHOP_ASKS = /\b(silakan|silahkan|mohon|ditunggu|tunggu)\b.*\b(trans?fe?r\w*|tf|bayar\w*|pembayaran)\b|\b(no|nomor|nomer)\.? ?(rek|rekening)\b|\b(rek|rekening) (bca|mandiri|bri|bni|bsi)\b|\btotal\b.*\b(trans?fe?r|bayar)\b/

const fold = (s: string) => ` ${s.normalize('NFKC').toLowerCase().replace(/(\d)[.,](\d{3})/g, '$1$2').replace(/[^\p{L}\p{N}?]+/gu, ' ').trim()} `

/** One text says the customer paid (a statement, or a proof word). */
export function saysPaid(text: string): boolean {
  const t = fold(text)
  if (PROOF.test(t)) return true
  if (!PAYMENT.test(t)) return false
  return DONE.test(t) || !ASKING.test(t)
}

export interface ProofContext {
  /** The caption and, with vision, the description of the file itself. */
  own: string[]
  /** Recent turns before it, oldest first (the caller keeps only the last hour or so). */
  recent: Array<{ from: 'customer' | 'business'; text: string }>
}

/** True when the file is most likely a proof of transfer the owner should check. */
export function looksLikeTransferProof(ctx: ProofContext): boolean {
  if (ctx.own.some((t) => t.trim() && saysPaid(t))) return true
  // A caption that talks about something else (a product question) is not a receipt.
  if (ctx.own.some((t) => t.trim() && ASKING.test(fold(t)))) return false
  const last = ctx.recent.slice(-4)
  return last.some((turn) => (turn.from === 'customer' ? saysPaid(turn.text) : SHOP_ASKS.test(fold(turn.text))))
}

/** The cue the owner sees next to such a message. */
export const TRANSFER_PROOF_CUE = 'check_transfer_proof'
