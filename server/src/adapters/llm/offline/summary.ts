// One-line summaries for the owner, in the customer's language, built from the intent and the
// product of interest: "Menanyakan harga Es Kopi Susu" / "Asks the price of Es Kopi Susu".
import type { Language, Mode } from '../llm.port.js'

const PHRASES: Readonly<Record<string, readonly [id: string, en: string]>> = {
  ask_price: ['Menanyakan harga', 'Asks the price'],
  ask_menu: ['Menanyakan menu atau katalog', 'Asks for the menu or catalogue'],
  ask_promo: ['Menanyakan promo atau diskon', 'Asks about promos or discounts'],
  ask_hours: ['Menanyakan jam buka', 'Asks about opening hours'],
  ask_location: ['Menanyakan lokasi toko', 'Asks where the shop is'],
  ask_availability: ['Menanyakan ketersediaan', 'Asks whether it is available'],
  ask_product_info: ['Menanyakan detail produk', 'Asks about product details'],
  ask_shipping: ['Menanyakan pengiriman', 'Asks about delivery'],
  ask_duration: ['Menanyakan lama proses', 'Asks how long it takes'],
  ask_payment: ['Menanyakan cara pembayaran', 'Asks about payment methods'],
  ask_min_order: ['Menanyakan minimal pemesanan', 'Asks about the minimum order'],
  ask_policy: ['Menanyakan kebijakan toko', 'Asks about the shop policy'],
  ask_facilities: ['Menanyakan fasilitas', 'Asks about facilities'],
  ask_service: ['Menanyakan layanan', 'Asks about a service'],
  ask_general: ['Mengajukan pertanyaan', 'Asks a question'],
  place_order: ['Ingin memesan', 'Wants to order'],
  confirm_order: ['Mengonfirmasi pesanan', 'Confirms the order'],
  change_order: ['Mengubah pesanan', 'Changes the order'],
  request_payment_details: ['Menanyakan cara bayar untuk pesanan', 'Asks how to pay for the order'],
  confirm_payment: ['Mengonfirmasi pembayaran', 'Confirms the payment'],
  book_reservation: ['Ingin reservasi', 'Wants to book'],
  provide_order_details: ['Memberi detail pesanan', 'Gives order details'],
  complain_late_delivery: ['Mengeluh pesanan terlambat atau belum sampai', 'Complains the order is late or missing'],
  complain_damaged_item: ['Mengeluh barang rusak', 'Complains the item arrived damaged'],
  complain_defective: ['Mengeluh barang tidak berfungsi', 'Complains the item does not work'],
  complain_wrong_item: ['Mengeluh barang salah atau tidak sesuai', 'Complains about a wrong item'],
  complain_missing_item: ['Mengeluh pesanan kurang atau hilang', 'Complains something is missing'],
  complain_quality: ['Mengeluh kualitas', 'Complains about quality'],
  complain_service: ['Mengeluh pelayanan', 'Complains about the service'],
  complain_billing: ['Mengeluh tagihan', 'Complains about the bill'],
  request_refund: ['Meminta pengembalian dana atau tukar barang', 'Asks for a refund or exchange'],
  complain_general: ['Menyampaikan keluhan', 'Makes a complaint'],
  greeting: ['Menyapa', 'Says hello'],
  thanks: ['Berterima kasih', 'Says thanks'],
  acknowledge: ['Membalas singkat', 'Acknowledges'],
  decide_later: ['Akan mempertimbangkan dulu', 'Will think about it'],
  decline: ['Tidak jadi', 'Declines for now'],
  well_wishes: ['Menyampaikan ucapan', 'Sends good wishes'],
  give_praise: ['Memberi pujian', 'Gives praise'],
  wrong_recipient: ['Salah kirim pesan', 'Messaged the wrong chat'],
  small_talk: ['Obrolan di luar topik', 'Small talk'],
  off_topic: ['Pesan di luar topik usaha', 'Off-topic message'],
  spam: ['Kemungkinan spam', 'Likely spam'],
  send_sticker: ['Mengirim stiker atau emoji', 'Sent a sticker or emoji'],
  unclear: ['Pesan tanpa maksud jelas', 'Message without a clear request'],
}

const MODE_FALLBACK: Readonly<Record<Mode, readonly [string, string]>> = {
  faq: ['Mengajukan pertanyaan', 'Asks a question'],
  order: ['Ingin memesan', 'Wants to order'],
  complaint: ['Menyampaikan keluhan', 'Makes a complaint'],
  other: ['Pesan lain', 'Other message'],
}

export function summarise(mode: Mode, intent: string, language: Language, product: string | null): string {
  const [id, en] = PHRASES[intent] ?? MODE_FALLBACK[mode]
  const base = language === 'id' ? id : en
  if (!product || mode === 'other') return base
  return language === 'id' ? `${base}: ${product}` : `${base}: ${product}`
}
