// Signals that the customer is asking about the shop (price, hours, place, stock, delivery,
// payment, product details) rather than ordering or complaining. Weights are modest: a
// complaint or an explicit order in the same message outweighs a question.
import { PRICE_BERAPA } from '../topic-words.js'
import { ruleTable, type Rule } from './rule.js'

const r = ruleTable('faq')

export const FAQ_RULES: Rule[] = [
  // price
  r(/\bharga\b|\bprice\b|\bhow much\b|\bcost\b|\bbiaya\b|\btarif\b/, 2.2, 'ask_price', ['price_inquiry']),
  // "berapa" with a time, count or distance word is not a price question ("jam berapa tutup").
  r(PRICE_BERAPA, 1.4, 'ask_price', ['price_inquiry']),
  r(/\b(price ?list|daftar harga|katalog|catalog(ue)?|menu)\b/, 2, 'ask_menu'),
  r(/\b(best ?seller|rekomendasi|recommend\w*|varian|pilihan|options?)\b/, 1.5, 'ask_menu'),
  r(/\b(promo|diskon|discount|voucher|potongan harga|harga khusus|reseller|grosir|bulk|cashback)\b/, 2, 'ask_promo'),
  // hours
  r(/\b(buka|tutup|open|opening|close|closing|operasional|libur|holidays?)\b/, 2.2, 'ask_hours'),
  r(/\bjam berapa\b|\bwhat time\b|\bsampai jam\b/, 2.4, 'ask_hours'),
  // place
  r(/\b(alamat|lokasi|location|located|address|cabang|branch|outlet|toko offline|store)\b/, 1.6, 'ask_location'),
  r(/\bdi mana\b|\bwhere\b|\bshare ?loc\b|\bmaps?\b/, 1.8, 'ask_location'),
  // stock and variants
  r(/\b(ready|stok|in stock|tersedia|available|availability|sold out|restock|kosong)\b/, 2.3, 'ask_availability', ['availability']),
  r(/\bmasih ada\b|\bada (tidak|yang)\b|\bdo you have\b|\bhave (any|it|this)\b/, 2, 'ask_availability', ['availability']),
  r(/\bada\b/, 0.6),
  r(/\b(ukuran|size|warna|colou?rs?|bahan|material|model|tipe|type)\b/, 1, 'ask_product_info'),
  // delivery
  r(/\b(ongkir|ongkos kirim|shipping|ship|deliver|delivery|pengiriman|ekspedisi|jne|jnt|sicepat|anteraja|gosend|grabexpress|same day|instan)\b/, 1.8, 'ask_shipping', ['delivery']),
  r(/\b(kirim|antar|dikirim|diantar|jemput|pick ?up|ambil sendiri|pengambilan|takeaway|take away|dine in)\b/, 0.8, 'ask_shipping', ['delivery']),
  r(/\bberapa (lama|hari|jam)\b|\bhow long\b|\bexpress\b|\bkilat\b|\bsehari jadi\b|\bestimasi\b/, 2, 'ask_duration'),
  // payment
  r(/\b(bayar|pembayaran|payment|pay|qris|gopay|ovo|dana|shopeepay|kartu kredit|credit card|debit|tunai|cash|cod|bca|mandiri|bri|bni)\b/, 1.6, 'ask_payment', ['payment']),
  r(/\bbisa (transfer|bayar|cod|debit|qris)\b|\b(can i|do you) (pay|accept)\b|\bterima (pembayaran|transfer|kartu|qris)\b|\baccept\b/, 2.6, 'ask_payment', ['payment']),
  // product details and policy
  r(/\b(halal|garansi|warranty|guarantee|ori|original|asli|kw|import|lokal|awet|tahan|kadaluarsa|expired?|alergi|allerg\w*|vegan|vegetarian|contain\w*|ingredients?|bahan|gula|pedas|spicy|kalori|custom|ukuran|size chart|lingkar|panjang|kapasitas)\b/, 1.6, 'ask_product_info'),
  r(/\b(bedanya|perbedaan|difference)\b|\bapa beda\w*\b/, 2, 'ask_product_info'),
  r(/\b(minimal|minimum|min order)\b/, 2.2, 'ask_min_order'),
  r(/\bkalau\b.{0,40}\b(rusak|tidak pas|cacat|kekecilan|kebesaran|telat|hilang|tidak cocok|tidak sesuai)\b|\bif (it|the)\b.{0,30}\b(broken|damaged|does not fit|late)\b/, 3.2, 'ask_policy'),
  r(/\bkalau (saya |kami )?(beli|pesan|order|ambil)\b|\bif (i|we) (buy|order|take)\b|\bcan i get a discount\b/, 3, 'ask_promo'),
  // Above "do you have" (2): "do you have parking?" asks about a facility, not stock.
  r(/\b(wifi|parkir|parking|colokan|mushola|toilet|smoking|ac|indoor|outdoor|tempat duduk|seats?|kapasitas tempat)\b/, 2.1, 'ask_facilities'),
  r(/\b(melayani|layani|serve|terima pesanan|menerima|provide|offer)\b/, 1.6, 'ask_service'),
  r(/\bbisa (pesan|order|dipesan|booking|reservasi|kirim|antar|dikirim|diantar|jemput|dijemput|pick ?up|dine in|custom|request|minta|dikurangi|tanpa)\b|\bbisa\b.{0,20}\b(tidak|kah)\b/, 2.4, 'ask_service'),
  r(/\bbisa\b/, 0.6),
  // question shape
  r(/\b(apa|apakah|bagaimana|kapan|berapa|mana|kah|which|what|when|how|is there|are there)\b/, 0.8),
  r(/^ ((hi|hey|hello|halo|hai|kak|admin|gan|sis|permisi) )?(do|does|is|are|can|could|any|what|where|when|how|which|will|would you) /, 1.4),
  r(/\b(jual|menjual|sell|sells|selling|jualan)\b/, 1.6, 'ask_availability', ['availability']),
  r(/\bbagaimana ya\b|\bboleh tanya\b|\bmau tanya\b|\bnumpang tanya\b|\bmau nanya\b|\bmay i ask\b|\bquestion\b/, 1.5, 'ask_general'),
]
