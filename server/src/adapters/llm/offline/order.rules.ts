// Signals of a purchase: the customer says they want to order, names a quantity with a buying
// verb, asks where to pay, confirms a payment, books a table or gives delivery details. An
// explicit order outweighs a price question in the same message ("mau pesan 2, totalnya
// berapa?" is an order).
import { ruleTable, type Rule } from './rule.js'

const r = ruleTable('order')

const BUY = '(pesan|order|beli|membeli|ambil|checkout|check out|booking|book|reservasi|reserve|po|pre order|preorder|langganan|buy|purchase|ordering|buying)'
const BUY_EN = '(order|buy|take|get|have|book|reserve|purchase|checkout|grab)'
const UNIT = '(pcs|porsi|box|boxes|lusin|dozen|gelas|cup|cups|loyang|set|pasang|kg|kilo|toples|liter|botol|bungkus|potong|item|items|pax|tray|dus|karton|rim|lembar|meja|table|ekor|paket|slice|pieces?)'
const COUNT = '(\\d+|satu|dua|tiga|empat|lima|enam|tujuh|delapan|sembilan|sepuluh|selusin|setengah|one|two|three|four|five|six|ten|a dozen|sebiji|sepasang)'

export const ORDER_RULES: Rule[] = [
  // stated intent to buy
  r(/\b(saya|kami) (mau|ambil|pilih) (yang|paket)\b|\bjadi (yang|paket)\b/, 2.4, 'place_order', ['order_intent']),
  r(new RegExp(`(?<!yang )\\b(mau|saya|kami|jadi)\\b( \\w+){0,2} ${BUY}\\b`), 3.6, 'place_order', ['order_intent', 'hot_lead']),
  r(new RegExp(`\\b(want to|would like to|like to|i will|we will|i would|we would|i am|going to|let me|i want|we want|i need|we need)( \\w+)? ${BUY_EN}\\b`), 3.6, 'place_order', ['order_intent', 'hot_lead']),
  r(new RegExp(`^ (kak |admin |gan |sis )?${BUY}\\b`), 2.8, 'place_order', ['order_intent']),
  r(new RegExp(`\\b${BUY}\\b`), 1.4, 'place_order', ['order_intent']),
  r(new RegExp(`\\b${BUY}\\b( \\w+){0,5} ${COUNT}\\b`), 2.2, 'place_order', ['order_intent', 'hot_lead']),
  r(new RegExp(`\\b${COUNT} ${UNIT}\\b`), 1.2),
  // A list of counted items ("1 es teh sama 2 roti bakar") or a counted item to eat in or take away.
  r(new RegExp(`\\b${COUNT} [a-z]+( [a-z]+){0,3} (sama|dan|and|plus|\\+|with) ${COUNT} [a-z]+`), 2.4, 'place_order', ['order_intent', 'hot_lead']),
  r(new RegExp(`\\b${COUNT}\\b.{0,40}\\b(to go|take ?away|dine in|makan di tempat|dibawa pulang|bungkus)\\b`), 2.4, 'place_order', ['order_intent']),
  r(new RegExp(`\\b(kirim|antar|deliver|send|bungkus|dibungkus|siapkan|bring)\\w*( \\w+){0,3} ${COUNT} (\\w+ )?${UNIT}\\b`), 2.2, 'place_order', ['order_intent', 'hot_lead']),
  r(/\b(pesanan|order) (saya|kami)? ?(tambah|ditambah|ganti|diganti|ubah|diubah)\b|\b(tambah|nambah|add)\b.{0,25}\b(pesanan|order|lagi|one more|satu|ekstra|extra|\d+)\b/, 3.2, 'change_order', ['order_intent']),
  r(/\b(ganti|ubah|change|tukar)\b.{0,20}\b(jadi|to|ke)\b.{0,15}\b(ukuran|size|warna|xl|l|m|s|\d+)\b/, 2.4, 'change_order', ['order_intent']),
  r(/^ (kak |admin |gan |sis )?(oke |ok |okay |iya |ya )?(kak )?jadi\b/, 2.6, 'confirm_order', ['order_intent', 'hot_lead']),
  r(new RegExp(`\\bmau\\b( \\w+){0,3} ${COUNT}\\b|\\b(i would like|we would like|i will have|i want|we want|i need|we need)( \\w+)? ${COUNT}\\b`), 2.6, 'place_order', ['order_intent', 'hot_lead']),
  r(/\b(saya|kami) (transfer|bayar|tf)\b|\b(transfer|bayar) sekarang\b/, 3, 'confirm_payment', ['order_intent', 'payment']),
  r(/\bsaya (pesan|beli|ambil)\b|\bi will (take|buy|have)\b|\bput me down\b|\bget me\b|\bi am ordering\b|\bthe usual\b|\bseperti biasa\b|\bkayak (biasa|kemarin|minggu kemarin)\b/, 2.8, 'place_order', ['order_intent', 'hot_lead']),
  r(/\b(gas|deal|fix|lanjut|jadi ambil|oke jadi|ok jadi|yes please)\b/, 2.2, 'confirm_order', ['order_intent', 'hot_lead']),
  r(/\bjadi\b( \w+){0,3} (\d+|satu|dua|tiga|ya|order|pesan|ambil|beli)\b/, 1.8, 'confirm_order', ['order_intent']),
  // cancelling an order or a booking is an order matter the shop must act on, not small talk
  r(/\b(batalkan|membatalkan|cancel|batal)\b( \w+){0,2} (pesanan|order|booking|reservasi)\b|\b(pesanan|order|booking|reservasi)\b( \w+){0,3} (dibatalkan|batalkan|dicancel|cancel)\b/, 3.4, 'cancel_order', ['order_intent']),
  // money moves
  r(/\b(transfer|bayar|pay)\b.{0,12}\bke (mana|rekening|bca|mandiri|bri|bni|nomor)\b|\bnomor rekening\b|\brekening\w* (apa|berapa|mana|nya)\b|\brekening\b.{0,10}\b(apa|berapa|mana)\b/, 3.6, 'request_payment_details', ['order_intent', 'hot_lead', 'payment']),
  r(/\b(where|how) (should|do|can) i (transfer|pay)\b|\binvoice\b|\btagihan\w*\b|\btotal( nya)? (jadi )?berapa\b|\bberapa total\b/, 3, 'request_payment_details', ['order_intent', 'hot_lead', 'payment']),
  r(/\bsudah (saya |di)?(transfer|bayar|lunas)\b|\bbukti (transfer|bayar|pembayaran|tf)\b|\bkonfirmasi (pembayaran|pesanan|order|transfer)\b|\b(i have|already|just) (transferred|paid)\b|\bpaid (via|by|with|through)\b|\bconfirming my order\b/, 4, 'confirm_payment', ['order_intent', 'payment']),
  r(/\b(lanjut|mau|siap) (bayar|transfer|checkout)\b|\bbayar sekarang\b|\bpay now\b/, 2.8, 'request_payment_details', ['order_intent', 'hot_lead', 'payment']),
  // reservations
  r(/\b(booking|book|reservasi|reserve|pesan meja|table for|meja untuk)\b/, 2.2, 'book_reservation', ['reservation', 'order_intent']),
  // Named outright, a reservation outweighs the buying verb in front of it ("mau reservasi meja"
  // is a booking, not an order to deliver).
  r(/\b(reservasi|reservation|reserve|pesan (meja|tempat)|book a table|table for|meja untuk)\b/, 3.8, 'book_reservation', ['reservation', 'order_intent']),
  r(/\b(untuk|for) \d+ (orang|people|person|pax)\b/, 1.4, 'book_reservation', ['reservation']),
  // delivery instructions with the order
  r(/\b(kirim|antar|diantar|dikirim|deliver\w*|send|ship)\b.{0,25}\b(ke )?(alamat|jl|jalan|kantor|rumah|office|home|address|sekolah|apartemen|kos)\b/, 2.6, 'place_order', ['order_intent', 'delivery']),
  r(/\b(kirim|antar|diantar|dikirim|deliver\w*|send|ship|siapkan|bungkus|dibungkus|proses|diproses|process|pick ?up|pickup|ambil|jemput|takeaway)\b.{0,20}\b(hari ini|besok|nanti|sekarang|today|tomorrow|tonight|asap|segera|jam \d+)\b/, 2.2, 'place_order', ['order_intent', 'delivery']),
  r(/\b(tolong|mohon|please|pls)\b.{0,12}\b(kirim|antar|bungkus|dibungkus|siapkan|proses|diproses|send|book|deliver|pick up|add|ship|process|change|reserve|dikirim|diantar|dijemput|jemput)\b/, 2.4, 'place_order', ['order_intent']),
  r(/^ (please )?(send|book|deliver|pick up|add|ship|reserve|bring)\b/, 2.2, 'place_order', ['order_intent']),
  r(/\batas nama\b|\ba n\b|\bpenerima\b|\bnama penerima\b|\bno (hp|wa)\b|\b08\d{6,}\b|\brt \d+\b|\bkode pos\b/, 2.2, 'provide_order_details', ['order_intent']),
  r(/\b(saya|nanti|kurir) ambil\b|\bsaya otw\b|\b\d+ menit lagi\b|\bambil jam\b/, 1.8, 'place_order', ['order_intent']),
  r(/\bjemput\b.{0,20}\b(rumah|alamat|jam|besok|hari ini)\b/, 2, 'place_order', ['order_intent', 'delivery']),
]
