// The words of a customer's message worth looking up: question words, fillers and particles are
// dropped so a piece is found for "nasi bakar", not for "berapa" (which every price list says).
const STOP = new Set([
  'berapa', 'harga', 'harganya', 'brp', 'hrg', 'ada', 'apa', 'apakah', 'yang', 'kak', 'kakak', 'min', 'admin', 'gan', 'sis', 'bang',
  'dong', 'donk', 'deh', 'sih', 'nih', 'kah', 'bisa', 'mau', 'pengen', 'ingin', 'saya', 'aku', 'gue', 'gua', 'kami', 'kita',
  'ini', 'itu', 'dari', 'dan', 'atau', 'untuk', 'buat', 'dengan', 'sama', 'juga', 'sudah', 'udah', 'gak', 'nggak', 'enggak',
  'tidak', 'tak', 'belum', 'masih', 'kalau', 'kalo', 'klo', 'gimana', 'bagaimana', 'tanya', 'mohon', 'tolong', 'info', 'halo',
  'hai', 'pagi', 'siang', 'sore', 'malam', 'terima', 'kasih', 'makasih', 'ya', 'iya', 'yaa', 'ok', 'oke', 'per', 'satu',
  'the', 'and', 'how', 'much', 'what', 'does', 'you', 'have', 'your', 'for', 'price', 'cost', 'please', 'can', 'with', 'there',
  'are', 'is', 'hello', 'thanks',
])

export function searchWords(text: string): string[] {
  const words = text.toLowerCase().normalize('NFKD').replace(/\p{M}/gu, '').match(/[\p{L}\p{N}]+/gu) ?? []
  const out = new Set<string>()
  for (const w of words) {
    if (w.length < 3 || STOP.has(w)) continue
    out.add(w)
    if (out.size >= 12) break
  }
  return [...out]
}
