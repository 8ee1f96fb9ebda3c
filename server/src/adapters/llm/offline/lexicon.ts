// Chat spelling → the word the rule tables are written against. Indonesian chat abbreviates
// hard ("brp hrg", "udh tf", "gk ready?"), so the rules stay readable only if every spelling is
// folded into one form first. Values may be several words ("mksh" → "terima kasih").

export const ABBREVIATIONS: Readonly<Record<string, string>> = {
  // negation
  ga: 'tidak', gak: 'tidak', gk: 'tidak', nggak: 'tidak', ngga: 'tidak', ngak: 'tidak', enggak: 'tidak',
  engga: 'tidak', kaga: 'tidak', kagak: 'tidak', tdk: 'tidak', gaa: 'tidak', nda: 'tidak', ndak: 'tidak', gada: 'tidak ada',
  blm: 'belum', blum: 'belum', blom: 'belum', belom: 'belum', lom: 'belum',
  // time and state
  udh: 'sudah', udah: 'sudah', sdh: 'sudah', dah: 'sudah', udeh: 'sudah', sudh: 'sudah',
  skrg: 'sekarang', skrang: 'sekarang', bsk: 'besok', besok: 'besok', td: 'tadi', tdi: 'tadi', kmrn: 'kemarin', kmarin: 'kemarin',
  mlm: 'malam', pgi: 'pagi', jm: 'jam', lg: 'lagi', lgi: 'lagi', msh: 'masih', masi: 'masih',
  // question words
  brp: 'berapa', brapa: 'berapa', berapaan: 'berapa', brpa: 'berapa', gmn: 'bagaimana', gmna: 'bagaimana', gimana: 'bagaimana',
  gimana2: 'bagaimana', bgmn: 'bagaimana', dmn: 'di mana', dimana: 'di mana', dmna: 'di mana', kmn: 'ke mana', kemana: 'ke mana',
  knp: 'kenapa', napa: 'kenapa', apakah: 'apa', apa2: 'apa',
  // people and politeness
  sy: 'saya', aku: 'saya', aq: 'saya', gue: 'saya', gw: 'saya', gua: 'saya',
  ka: 'kak', kk: 'kak', kakak: 'kak', kaka: 'kak', min: 'admin', mimin: 'admin', sist: 'sis', agan: 'gan',
  mksh: 'terima kasih', makasih: 'terima kasih', makasi: 'terima kasih', trims: 'terima kasih', trimakasih: 'terima kasih',
  terimakasih: 'terima kasih', thx: 'thanks', thanks: 'thanks', tq: 'thanks', ty: 'thanks', tks: 'thanks', tengkyu: 'thanks',
  pls: 'please', plz: 'please', plis: 'please', pliss: 'please', tlg: 'tolong', tolongin: 'tolong',
  // buying
  mw: 'mau', mo: 'mau', pengen: 'mau', pingin: 'mau', pgn: 'mau', ingin: 'mau', pesen: 'pesan', psn: 'pesan', mesen: 'pesan',
  pesenan: 'pesanan', psnan: 'pesanan', orderan: 'pesanan', beliin: 'beli', tambahin: 'tambah', nambahin: 'tambah', nambah: 'tambah', cariin: 'cari', bikinin: 'bikin', siapin: 'siapkan',
  jemputin: 'jemput', gantiin: 'ganti', balikin: 'kembalikan', batalin: 'batalkan', cancelin: 'cancel', ilang: 'hilang', ngilang: 'hilang',
  dapet: 'dapat', dpt: 'dapat', bener: 'benar', bnr: 'benar', kyk: 'kayak', kaya: 'kayak', kek: 'kayak', bgs: 'bagus', jlk: 'jelek', kirimin: 'kirim', anterin: 'antar', anter: 'antar', dianter: 'diantar', bungkusin: 'bungkus', cekin: 'cek', pesenin: 'pesan', byr: 'bayar', bayarnya: 'bayar',
  tf: 'transfer', trf: 'transfer', trnsfr: 'transfer', transper: 'transfer', rek: 'rekening', norek: 'nomor rekening',
  kopsu: 'kopi susu', kopsus: 'kopi susu',
  hrg: 'harga', hrga: 'harga', hargane: 'harga', pricelist: 'price list', brg: 'barang', barangnya: 'barang',
  redi: 'ready', redy: 'ready', ready: 'ready', stock: 'stok', stoknya: 'stok', ongkos: 'ongkos', ongkirnya: 'ongkir',
  pc: 'pcs', biji: 'pcs', buah: 'pcs', porsi: 'porsi', pax: 'porsi',
  // connectives
  yg: 'yang', dg: 'dengan', dgn: 'dengan', utk: 'untuk', untk: 'untuk', buat: 'untuk', jg: 'juga', aja: 'saja', aj: 'saja',
  tp: 'tapi', tpi: 'tapi', kalo: 'kalau', klo: 'kalau', kl: 'kalau', klu: 'kalau', sm: 'sama', ama: 'sama', bgt: 'banget',
  bngt: 'banget', ad: 'ada', org: 'orang', ato: 'atau', atw: 'atau', trus: 'terus', trs: 'terus', krn: 'karena', soalnya: 'karena',
  bs: 'bisa', bsa: 'bisa', bisakah: 'bisa', jgn: 'jangan', bkn: 'bukan', dr: 'dari', dri: 'dari', sblm: 'sebelum', abis: 'habis',
  // arriving and reading
  nyampe: 'sampai', nyampai: 'sampai', sampe: 'sampai', smpe: 'sampai', smpai: 'sampai', dtg: 'datang', dateng: 'datang',
  dibales: 'dibalas', bales: 'balas', balesnya: 'balas', respon: 'respons', fast: 'fast', slow: 'slow', lama: 'lama', lm: 'lama',
  // English chat
  u: 'you', ur: 'your', r: 'are', wanna: 'want to', gonna: 'going to', im: 'i am', ive: 'i have', ill: 'i will',
  dont: 'do not', didnt: 'did not', doesnt: 'does not', havent: 'have not', hasnt: 'has not', isnt: 'is not', cant: 'can not',
  wont: 'will not', wasnt: 'was not', whats: 'what is', wheres: 'where is', hows: 'how is', thankyou: 'thank you',
}

/** English words that, when present, point at English (Indonesian chat borrows a few; weights differ). */
export const ENGLISH_MARKERS: ReadonlySet<string> = new Set([
  'the', 'is', 'are', 'you', 'your', 'do', 'does', 'did', 'i', 'my', 'me', 'we', 'what', 'where', 'when', 'how', 'can',
  'could', 'would', 'please', 'want', 'have', 'has', 'this', 'that', 'it', 'of', 'to', 'for', 'and', 'with', 'not', 'thanks',
  'thank', 'hello', 'hi', 'there', 'much', 'many', 'open', 'still', 'any', 'was', 'were', 'will', 'am', 'be', 'get', 'got',
  'like', 'take', 'again', 'after', 'before', 'yes', 'why', 'who', 'here', 'an', 'at', 'on', 'in', 'from',
  'cool', 'nice', 'good', 'great', 'sorry', 'wrong', 'about', 'just', 'yet', 'received', 'arrived', 'came',
])

/** Indonesian words (after folding) that point at Indonesian. */
export const INDONESIAN_MARKERS: ReadonlySet<string> = new Set([
  'kak', 'admin', 'gan', 'sis', 'saya', 'yang', 'tidak', 'sudah', 'belum', 'berapa', 'bagaimana', 'di', 'ke', 'mana', 'ada',
  'apa', 'ya', 'nya', 'dong', 'deh', 'sih', 'kok', 'mau', 'pesan', 'harga', 'bisa', 'untuk', 'dan', 'juga', 'saja', 'kalau',
  'terima', 'kasih', 'jam', 'buka', 'tutup', 'masih', 'lagi', 'tolong', 'kirim', 'barang', 'pesanan', 'beli', 'ini', 'itu',
  'dari', 'sama', 'banget', 'halo', 'pagi', 'siang', 'malam', 'oke', 'iya', 'nih', 'kah', 'tapi', 'dengan', 'atau', 'sampai',
  'kenapa', 'karena', 'aja', 'min', 'selamat', 'mohon', 'maaf', 'hari', 'besok', 'kemarin', 'tadi', 'baru', 'jadi', 'nanti',
  'wkwk', 'wkwkwk', 'hehe', 'gpp', 'siap', 'sip', 'pakai', 'pake', 'dulu', 'lah', 'kan', 'udah', 'gak', 'ga',
])
