// Signals that something went wrong: late or missing deliveries, damaged, wrong or defective
// goods, bad food or laundry results, rude or absent service, billing mistakes, refunds, and
// plain anger. Weights are high on purpose: a complaint phrased as a question ("kok belum
// sampai?") is still a complaint, and it must reach a human.
import { ruleTable, type Rule } from './rule.js'

const r = ruleTable('complaint')

export const COMPLAINT_RULES: Rule[] = [
  // late, missing, never arrived
  r(/\bbelum (juga )?(sampai|datang|diterima|dikirim|terima|diproses|diantar|jadi|ada kabar|dibalas)\b|\btidak (sampai|datang|dikirim|diantar) (juga|juga)?/, 3.6, 'complain_late_delivery', ['delivery']),
  r(/\b(telat|terlambat|lambat|lelet|kelamaan|late|delayed|delay)\b|\blama (banget|sekali|amat)\b|\bsudah (seminggu|sebulan|\d+ (hari|minggu|jam|bulan))\b/, 3, 'complain_late_delivery', ['delivery']),
  r(/\b(ditunggu|nunggu|menunggu|tunggu|waiting|waited)\b( \w+){0,3} (\d+|se) ?(menit|jam|hari|minggu|bulan|minutes?|hours?|days?|weeks?)\b|\btidak (jadi|datang|sampai|selesai|kelar|dikirim) (jadi|datang|sampai|selesai|kelar|juga)\b/, 3.4, 'complain_late_delivery'),
  r(/\bditunggu\b|\bnunggu\b|\bmenunggu\b|\bwaiting\b|\bwaited\b/, 1.2, 'complain_late_delivery'),
  r(/\b(still|yet) (no|not|have not|has not|nothing)\b|\b(not|never|have not|has not) (arrived|received|come|came|shown up|showed up|delivered)\b|\bnever showed\b|\bno package\b/, 3.6, 'complain_late_delivery', ['delivery']),
  r(/\b(mana|ke mana) (pesanan|barang|paket|orderan)\b|\b(pesanan|barang|paket)( \w+)? (ke mana|mana)\b|\bwhere is my (order|parcel|package|food|laundry|item)\b/, 3.4, 'complain_late_delivery', ['delivery']),
  r(/\b(resi|tracking|lacak|dilacak)\b.{0,25}\b(tidak|not|gak)\b|\b(tidak|not) (bisa )?(dilacak|update|track)\w*\b/, 3, 'complain_late_delivery', ['delivery']),
  // damaged, defective, wrong, missing items
  r(/\b(rusak|retak|pecah|penyok|(?<!roti )sobek|robek|bolong|cacat|lecet|tergores|gores|copot|lepas|putus|patah|bocor|broken|cracked|damaged|squashed|torn|ripped|leaking|dented|scratched)\b/, 3.6, 'complain_damaged_item'),
  r(/\btidak (berfungsi|bisa dipakai|bisa dipake|nyala|menyala|mau nyala|jalan|bisa dicas|ngecas|kena|masuk|work\w*)\b|\b(stopped|not|never) working\b|\b(does|did|do) not work\b|\bmati total\b|\berror\b|\blemot\b/, 3.6, 'complain_defective'),
  r(/\bsalah (kirim|ukuran|size|warna|pesanan|nama|barang|tulis|tulisan|alamat|item|produk)\b|\bwrong (size|item|colou?r|order|address|product|name)\b|\bketuker\b|\btertukar\b|\bkekecilan\b|\bkebesaran\b|\bbukan (yang saya|ori|asli|original)\b|\bpalsu\b|\bfake\b|\bnot original\b/, 3.6, 'complain_wrong_item'),
  r(/\bbeda (sama|dari|dengan|dgn|ama) (foto|gambar|yang di|biasanya|katalog|deskripsi|pesanan|iklan|contoh)|\b(tidak|not) (sesuai|as described|match\w*)\b|\bdifferent from\b/, 3.4, 'complain_wrong_item'),
  r(/\bkurang (\d+|satu|dua|sambal|sambel|kerupuk|porsi|lengkap|item)\b|\bhilang\b|\bmissing\b|\bonly got\b|\byang datang (cuma |hanya )?\d+\b|\btidak kebagian\b|\bnot included\b/, 3.4, 'complain_missing_item'),
  r(/\b(tumpah|meleleh|melar|bengkok|ngelupas|mengelupas|terkelupas|kempes|lembek|layu|hangus|karatan|berkarat|korslet|konslet|berdebu|kusam|remuk|hole|holes|stain|stained|lost|leaked|leaking|spilled|spilt|melted|bent|faulty|defective|peeling|crushed|chipped|shattered|expired|dead)\b/, 3.2, 'complain_damaged_item'),
  r(/\b(cuma|hanya|only) (bunyi|nyala|jalan|works?|one side)\b( \w+)? ?(sebelah|satu|one side|kadang)?|\b(does|did) not fit\b|\btidak muat\b|\bnot fit\b|\b(barang|produk) bekas\b|\bbekas (pakai|dipakai|orang)\b|\bused item\b|\bsecond ?hand\b/, 3, 'complain_defective'),
  r(/\b(pesanan|order|barang|pesanan saya|makanan|minuman|kopi|size|ukuran)( \w+){0,2} (salah|keliru|is wrong|was wrong|wrong)\b|\bsalah lagi\b|\b(second|third|kedua|ketiga) (time|kali)\b|\blagi lagi\b/, 3, 'complain_wrong_item'),
  r(/\b(salah|keliru|wrong)\b/, 1.6, 'complain_wrong_item'),
  r(/\bpas (dibuka|buka|datang|sampai|diterima|dipakai|dipake|dicoba|dicas|dimakan|diminum)\b|\bwhen (it )?(arrived|came)\b|\bwhen i (opened|received|got)\b|\b(habis|setelah|sesudah|after) (dicuci|dipakai|dipake|dicoba|dicas|sekali|washing|using|one)\b|\bthe \w+ i (got|received|bought)\b|\b(yang|yg) (saya|aku) (beli|terima|pesan)\b/, 1.6, 'complain_quality'),
  // quality
  r(/\b(basi|jamuran|berjamur|busuk|apek|keasinan|kemanisan|kepahitan|keasaman|hambar|mentah|gosong|bantet|alot|encer|stale|burnt|burned|undercooked|raw|rotten|spoiled|mouldy|moldy|soggy|tasteless|bland)\b/, 3.6, 'complain_quality'),
  r(/\b(bau|dingin|keras|kotor|noda|stain\w*|luntur|pudar|kusut|susut|shrank|shrunk|faded|cold|dirty|smell\w*|rambut|hair|serangga|kecoa|lalat|bug|insect)\b/, 2.2, 'complain_quality'),
  r(/\b(terlalu|too|way too|so) (asin|manis|pahit|pedas|pedes|asam|kecil|besar|lama|mahal|tipis|keras|lembek|dingin|panas|salty|sweet|bitter|spicy|sour|small|big|tight|loose|late|long|slow|expensive|thin|hard|cold|oily|greasy|dry)\b|\b(kepedesan|kepedasan|kebanyakan|kelembekan|kematengan|keasaman|kekerasan|kemahalan|kelamaan)\b|\btipis banget\b|\bpanas (banget|sekali)\b|\b(bikin|jadi) panas\b|\boverheat\w*\b/, 3, 'complain_quality'),
  r(/\b(jelek|buruk|parah|nyesel|menyesal|mengecewakan|zonk|ancur|hancur|poor|bad|worst|awful|terrible|horrible|unacceptable|ridiculous|disgusting|jijik|bahaya|dangerous)\b/, 2.6, 'complain_quality'),
  r(/\b(tidak|kurang) (enak|puas|layak|bagus|fresh|segar|higienis|recommended|rekomen|sesuai)\b|\bnot (good|fresh|happy|satisfied|acceptable)\b|\bbiasa saja\b|\btiny\b|\b(porsi\w*)( \w+)? (kecil|sedikit|dikit)\b/, 3, 'complain_quality'),
  // service
  r(/\b(kasar|jutek|judes|cuek|galak|tidak sopan|tidak ramah|rude|impolite|unfriendly|diabaikan|dicuekin|ignored|dilempar|dibanting|php)\b/, 3.6, 'complain_service'),
  r(/\btidak (dibalas|balas|direspons|direspon|respons|dilayani|ditanggapi|diangkat|ada respons|ada jawaban)\b|\b(lama|lambat|slow) (balas|respons|response|reply|dibalas)\b|\bslow respons\w*\b|\bno(body|one)? (answered|replied|responded|response|reply)\b|\b(has not|have not|did not|never) (replied|answered|responded)\b|\bniat jualan\b|\bsudah \d+ ?x chat\b/, 3.6, 'complain_service'),
  r(/\bsepihak\b|\bdibatal(kan|in)\b|\bdi ?cancel\b|\bcancel+ed without\b|\b(why|kenapa) (was|is|did|were)( \w+)? (charged|cancel+ed|canceled)\b|\bcharged\b|\bwithout notice\b|\bkatanya\b/, 2.4, 'complain_service'),
  // money
  r(/\b(dua|2) (kali|x)\b|\btwice\b|\bovercharg\w*\b|\bkepotong\b|\bterpotong\b|\bditagih\b|\bkelebihan\b|\b(transfer|bayar) lebih\b|\bdouble (charge|charged|payment)\b|\bcharged me\b|\bdoes not match\b|\bmahal banget\b|\bkemahalan\b|\bharga\w* beda\b|\bbeda harga\b/, 3.2, 'complain_billing', ['payment']),
  r(/\b((di)?refund\w*|ganti rugi|money back|uang (saya )?kembali|kembalikan|dikembalikan|balikin|tanggung jawab\w*|pertanggungjawaban)\b/, 3.4, 'request_refund', ['refund_request']),
  r(/\buang( nya| saya)? (belum|tidak) (balik|kembali|dikembalikan|cair|masuk)\b|\b(never|not) (got|received) (my )?(money|refund)\b/, 3.6, 'request_refund', ['refund_request']),
  r(/\b(retur|return|tukar|tuker|ganti baru|replace\w*|exchange)\b/, 1.5, 'request_refund', ['refund_request']),
  // anger and frustration
  r(/\b(kecewa|disappoint\w*|kesal|kesel|marah|sebel|bete|capek|frustrat\w*|annoyed|angry|upset|complain\w*|komplain|keluhan)\b/, 3.2, 'complain_general'),
  r(/\b(tidak akan|tidak mau) (order|beli|pesan|langganan|kesini|ke sini) lagi\b|\bnever (coming|order\w*|buy\w*) (back|again)\b|\bkapok\b|\blast time\b/, 3.6, 'complain_general'),
  r(/\b(bagaimana|gimana) (sih|nih|ini|dong)\b|\bkok\b|\bpadahal\b|\bmasa\b|\bmalah\b|\baduh\b|\bastaga\b|\bya ampun\b|\btolong dong\b|\bseriously\b|\bwhy (has|have|is|did|does)\b|\bkenapa\b/, 1.5),
  r(/\bsudah (bayar|transfer) (tapi|kok|malah)\b|\bpaid but\b|\bsudah (saya )?(transfer|bayar)\b.{0,30}\bbelum\b/, 2.4, 'complain_late_delivery'),
]
