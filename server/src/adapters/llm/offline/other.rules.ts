// Messages that need no business answer: greetings, thanks, acknowledgements, laughter,
// well-wishes, "I'll think about it", wrong-number and off-topic chat, and spam. A greeting in
// front of a real question ("halo kak, ready?") loses to the question because greetings weigh
// little; a bare greeting or "ok makasih" wins on the baseline.
import { ruleTable, type Rule } from './rule.js'

const r = ruleTable('other')

export const OTHER_RULES: Rule[] = [
  r(/^ (halo|hallo|helo|hai|hi|hello|hey|hei|pagi|siang|sore|malam|selamat (pagi|siang|sore|malam)|assalamualaikum|assalamu alaikum|salam|good (morning|afternoon|evening)|permisi|p|ping|tes|test|testing)\b/, 1.6, 'greeting', ['greeting']),
  r(/\b(assalamualaikum|waalaikumsalam|selamat (pagi|siang|sore|malam)|good (morning|afternoon|evening))\b/, 1, 'greeting', ['greeting']),
  r(/\b(terima kasih|thanks|thank you|sama sama|you are welcome|no worries|no problem|tidak apa apa|gpp|santai saja)\b/, 2.6, 'thanks', ['thanks']),
  r(/^ (oke|ok|okay|okey|oce|siap|sip|iya|ya|yaa|yup|yes|baik|noted|oh|ohh|cool|nice|great|mantap|mantul|hmm|hm|wah|wow|alright|sure|fine|good|gitu|yaudah|ya sudah|ok sip|oke deh|betul|benar)\b/, 1.5, 'acknowledge'),
  r(/^ ((wk)+|(ha)+|(he)+|(hi){2,}|lol|lmao|xixi|awokawok|anjay) /, 2.4, 'acknowledge'),
  r(/\b(wk){2,}\w*\b|\b(ha){2,}\b|\b(he){2,}\b|\blol\b/, 1.2, 'acknowledge'),
  r(/\bditunggu (ya|kabar\w*|info\w*|balasan\w*)\b|\b(siap|oke|ok) ditunggu\b/, 1.8, 'acknowledge'),
  // later, not now, no thanks
  r(/\bnanti (saya |kami )?(kabar\w*|kabari|kabarin|lihat|liat|pikir|tanya|diskusi|hubungi)\b|\bpikir (pikir|dulu)\b|\b(lihat|liat) (lihat|liat) dulu\b|\b(think|thinking) about it\b|\blet me (check|think|ask|discuss)\b|\b(tanya|diskusi|rundingan|omongin) (dulu|sama (suami|istri|bos|atasan|orang rumah))\b|\bwith my (wife|husband|boss)\b|\bmaybe (later|next time)\b/, 3.2, 'decide_later', ['needs_follow_up']),
  r(/\btidak jadi\b|\bbatal (saja|deh|dulu)\b|\bnot now\b|\bno thanks\b|\bnext time\b|\blain kali\b/, 2.4, 'decline'),
  // well-wishes and praise with nothing to answer
  r(/\bselamat (hari raya|idul fitri|lebaran|natal|tahun baru|ulang tahun|ultah|hari)\b|\bmohon maaf lahir (dan )?batin\b|\bhappy (new year|birthday|eid|holidays?|anniversary)\b|\bmerry christmas\b|\b(semangat|sukses) (terus|selalu|ya)\b|\bsemangat\b|\bkeep it up\b|\bhave a (nice|good|great) (day|night|weekend)\b|\bsee you\b|\bgood night\b|\bbye\b|\bdadah\b/, 3, 'well_wishes'),
  r(/\b(enak banget|mantap|mantul|puas|suka banget|love it|loved it|delicious|awesome|amazing|recommended|the best|terbaik|keren)\b/, 1.4, 'give_praise'),
  // wrong chat, off-topic, personal
  r(/\b(maaf|sorry) (salah|wrong) (kirim|chat|nomor|number|orang|person)\b|\bsalah (chat|nomor|orang|kamar|grup)\b|\bwrong (number|chat|person)\b|\beh salah\b/, 5, 'wrong_recipient'),
  r(/\b(who is this|siapa ini|ini siapa|ini nomor|nomor (admin )?baru|save nomor|simpan nomor|kenal (sama|dengan)|are you (a bot|human|real)|maaf ganggu|ganggu)\b/, 2.6, 'small_talk'),
  r(/\b(hujan|cuaca|weather|sibuk|lagi apa|lagi ngapain|sudah makan|bola|pertandingan|macet|capek ya|libur ya)\b/, 2, 'small_talk'),
  r(/\b(loker|lowongan|hiring|kerja|job|vacancy|magang|internship|endorse|kolaborasi|collab|sponsor|survei|survey|follow (ig|instagram|akun)|subscribe)\b/, 2.6, 'off_topic'),
  // spam
  r(/\b(klik|click) (link|here|disini|di sini)\b|\bhttps? \w+|\bwww \w+|\bbit ly\b/, 3.2, 'spam', ['spam']),
  r(/\b(hadiah|memenangkan|pemenang|menang|terpilih|selamat anda|congratulations|you have won|you won|claim|klaim|jackpot|gacor|slot|judi|togel|pinjaman|pinjol|dana cair|cair cepat|tanpa jaminan|investasi|investment|profit|untung \d+|penghasilan tambahan|earn|passive income|crypto|binary|forex|mlm|gabung sekarang|join now|daftar sekarang|reply yes)\b/, 3.4, 'spam', ['spam']),
]
