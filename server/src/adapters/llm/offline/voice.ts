// The shop's voice for offline replies: how to address the customer, sign-offs and stock phrases
// per language and tone. Kept as data so owners' wording changes do not touch the reply logic.
import type { Language, Tone } from '../llm.port.js'

export interface Voice {
  /** How the customer is addressed inside a sentence ("kak", "Bapak/Ibu", ""). */
  you: string
  /** Appended to friendly lines; empty for formal. */
  smile: string
  thanks: string
  hello: (shop: string) => string
  ok: string
  sorryComplaint: string
  checking: string
  askMore: string
  welcome: string
  generic: string
  orderNoted: (what: string) => string
  askQuantity: string
  askNameAddress: string
  askReservation: string
  /** Asks only the missing parts of a booking: any of date, time, people. */
  askBooking: (missing: ReadonlyArray<'date' | 'time' | 'people'>) => string
  paymentReceived: string
  paymentDetailsHandoff: string
  priceOf: (name: string, price: string) => string
  priceListIntro: string
  hours: (hours: string) => string
  /** Hours on one named day ("Hari Minggu kami tutup"); `hours` null = closed that day. */
  hoursOnDay: (day: string, hours: string | null, closedWord?: string) => string
  /** "2 × Es Kopi Susu (Rp 18.000) + 1 × Croissant (Rp 20.000)" and the fee, then the sum. */
  total: (items: string, fee: string | null, sum: string, freeDelivery?: boolean) => string
  /** One line per item of a price question naming several. */
  pricesIntro: string
  /** A reservation: what the shop still needs (date, time, people), never a delivery address. */
  reservationNoted: string
  address: (address: string) => string
  menuIntro: string
  stockCheck: (name: string) => string
  /** Names a question of a longer message that a person will answer. */
  handoffQuestion: (question: string) => string
  followUp: (product: string | null, attempt: number) => string
}

const ID_TITLES: Record<Tone, { you: string; smile: string }> = {
  friendly: { you: 'kak', smile: ' 😊' },
  casual: { you: 'kak', smile: ' 🙌' },
  formal: { you: 'Bapak/Ibu', smile: '' },
}

function indonesian(tone: Tone): Voice {
  const { you, smile } = ID_TITLES[tone]
  const formal = tone === 'formal'
  return {
    you,
    smile,
    thanks: formal ? `Terima kasih, ${you}.` : `Sama-sama ${you}${smile}`,
    hello: (shop) => (formal ? `Selamat datang di ${shop}. Ada yang bisa kami bantu, ${you}?` : `Halo ${you}, selamat datang di ${shop}${smile} Ada yang bisa dibantu?`),
    ok: formal ? `Baik, ${you}. Terima kasih.` : `Siap ${you}${smile}`,
    sorryComplaint: formal
      ? `Mohon maaf atas ketidaknyamanannya, ${you}. Keluhan ${you} sudah kami terima dan akan segera kami tindak lanjuti.`
      : `Mohon maaf banget ya ${you} atas ketidaknyamanannya 🙏 Keluhannya sudah kami terima, admin kami segera bantu.`,
    checking: formal ? `Baik, ${you}. Kami cek terlebih dahulu dan segera kami kabari.` : `Sebentar ya ${you}, admin cek dulu lalu segera kami kabari${smile}`,
    askMore: formal ? `Ada lagi yang bisa kami bantu, ${you}?` : `Ada lagi yang mau ditanyakan ${you}?`,
    welcome: formal ? `Terima kasih telah menghubungi kami, ${you}.` : `Makasih udah chat kami ${you}${smile}`,
    generic: formal ? `Terima kasih atas pesannya, ${you}. Admin kami akan segera membalas.` : `Makasih ${you}, admin kami segera balas ya${smile}`,
    orderNoted: (what) => (formal ? `Baik, pesanan ${what} kami catat, ${you}.` : `Siap ${you}, pesanan ${what} kami catat ya${smile}`),
    askQuantity: formal ? `Mohon informasikan jumlah yang ingin dipesan.` : `Mau pesan berapa ${you}?`,
    askNameAddress: formal ? `Mohon kirimkan nama dan alamat pengirimannya.` : `Boleh minta nama dan alamat pengirimannya ${you}?`,
    askReservation: formal ? `Mohon informasikan tanggal, jam, dan jumlah orangnya.` : `Untuk tanggal, jam, dan berapa orang ${you}?`,
    askBooking: (missing) => {
      const words = missing.map((m) => ({ date: 'tanggal', time: 'jam', people: formal ? 'jumlah orangnya' : 'berapa orang' })[m])
      const list = words.length > 1 ? `${words.slice(0, -1).join(', ')} dan ${words[words.length - 1]}` : (words[0] ?? '')
      return formal ? `Mohon informasikan ${list}, ${you}.` : `Untuk ${list}nya ${you}?`.replace('orangnya', 'orang')
    },
    paymentReceived: formal ? `Terima kasih, ${you}. Pembayarannya kami cek terlebih dahulu, lalu pesanan segera kami proses.` : `Makasih ${you}, pembayarannya kami cek dulu ya, habis itu langsung kami proses 🙏`,
    paymentDetailsHandoff: formal ? `Baik, ${you}. Detail pembayaran segera kami kirimkan.` : `Siap ${you}, detail pembayarannya segera admin kirim ya${smile}`,
    priceOf: (name, price) => (formal ? `Harga ${name} ${price}, ${you}.` : `Harga ${name} ${price} ya ${you}${smile}`),
    priceListIntro: formal ? `Berikut daftar harga kami, ${you}:` : `Ini daftar harga kami ${you}${smile}`,
    hours: (hours) => (formal ? `Jam operasional kami: ${hours}.` : `Kami buka ${hours} ya ${you}${smile}`),
    hoursOnDay: (day, hours, closedWord) => hours === null
      ? (formal ? `Hari ${day} kami ${indonesianClosed(closedWord)}, ${you}.` : `Hari ${day} kami ${indonesianClosed(closedWord)} ya ${you}${smile}`)
      : (formal ? `Hari ${day} kami buka pukul ${hours}, ${you}.` : `Hari ${day} kami buka jam ${hours} ya ${you}${smile}`),
    total: (items, fee, sum, free) => `${formal ? 'Totalnya' : `Totalnya ${you}`}: ${items}${fee ? ` + ongkir ${fee}` : ''} = ${sum}${free ? ', gratis ongkir' : ''}.`,
    pricesIntro: formal ? `Berikut harganya, ${you}:` : `Harganya ya ${you}${smile}`,
    reservationNoted: formal ? `Baik, ${you}, reservasinya kami bantu.` : `Siap ${you}, reservasinya kami bantu ya${smile}`,
    address: (address) => (formal ? `Alamat kami: ${address}.` : `Alamat kami di ${address} ya ${you}${smile}`),
    menuIntro: formal ? `Berikut menu kami, ${you}:` : `Ini menu kami ${you}${smile}`,
    stockCheck: (name) => (formal ? `Untuk ketersediaan ${name}, kami cek terlebih dahulu, ${you}.` : `Untuk stok ${name} admin cek dulu ya ${you}${smile}`),
    handoffQuestion: (q) => (formal ? `Untuk pertanyaan "${q}", akan kami jawab langsung setelah kami periksa, ${you}.` : `Untuk pertanyaan "${q}", admin kami cek dulu lalu segera balas ya ${you}${smile}`),
    followUp: (product, attempt) => {
      const thing = product ?? 'pesanannya'
      if (attempt <= 1) return formal ? `Selamat siang, ${you}. Apakah masih berminat dengan ${thing}? Kami siap membantu pemesanannya.` : `Halo ${you}, masih tertarik dengan ${thing}? Kalau mau pesan, tinggal kabari kami ya${smile}`
      return formal ? `Mohon maaf mengganggu, ${you}. Jika masih berminat dengan ${thing}, kami siap membantu kapan saja.` : `${you[0]?.toUpperCase()}${you.slice(1)}, ${thing} masih bisa dipesan kalau berminat. Santai aja, kami siap bantu kapan pun 🙏`
    },
  }
}

function english(tone: Tone): Voice {
  const formal = tone === 'formal'
  const smile = formal ? '' : tone === 'casual' ? ' 🙌' : ' 😊'
  return {
    you: '',
    smile,
    thanks: formal ? 'You are welcome. Thank you for contacting us.' : `You're welcome!${smile}`,
    hello: (shop) => (formal ? `Welcome to ${shop}. How may we help you?` : `Hi, welcome to ${shop}!${smile} How can we help?`),
    ok: formal ? 'Noted, thank you.' : `Sure!${smile}`,
    sorryComplaint: formal
      ? 'We sincerely apologise for the inconvenience. We have received your complaint and will follow up shortly.'
      : "We're so sorry about this 🙏 We've got your message and someone from our team will help you shortly.",
    checking: formal ? 'Let us check and we will get back to you shortly.' : `Let us check and get back to you soon${smile}`,
    askMore: formal ? 'Is there anything else we can help you with?' : 'Anything else we can help with?',
    welcome: formal ? 'Thank you for contacting us.' : `Thanks for reaching out!${smile}`,
    generic: formal ? 'Thank you for your message. Our team will reply shortly.' : `Thanks! Our team will reply shortly${smile}`,
    orderNoted: (what) => (formal ? `Your order of ${what} has been noted.` : `Got it, we've noted your order of ${what}!${smile}`),
    askQuantity: formal ? 'Please let us know the quantity.' : 'How many would you like?',
    askNameAddress: formal ? 'Please send us your name and delivery address.' : 'Could you send your name and delivery address?',
    askReservation: formal ? 'Please let us know the date, time and number of people.' : 'Which date and time, and for how many people?',
    askBooking: (missing) => {
      const words = missing.map((m) => ({ date: 'the date', time: 'the time', people: 'the number of people' })[m])
      const list = words.length > 1 ? `${words.slice(0, -1).join(', ')} and ${words[words.length - 1]}` : (words[0] ?? '')
      return formal ? `Please let us know ${list}.` : `Could you tell us ${list}?`
    },
    paymentReceived: formal ? 'Thank you. We will verify your payment and process your order.' : "Thanks! We'll check the payment and process your order right away 🙏",
    paymentDetailsHandoff: formal ? 'We will send you the payment details shortly.' : `We'll send you the payment details shortly${smile}`,
    priceOf: (name, price) => (formal ? `The price of ${name} is ${price}.` : `${name} is ${price}${smile}`),
    priceListIntro: formal ? 'Here is our price list:' : `Here's our price list${smile}`,
    hours: (hours) => (formal ? `Our opening hours: ${hours}.` : `We're open ${hours}${smile}`),
    hoursOnDay: (day, hours) => hours === null
      ? (formal ? `We are closed on ${day}.` : `We're closed on ${day}${smile}`)
      : (formal ? `On ${day} we are open ${hours}.` : `On ${day} we're open ${hours}${smile}`),
    total: (items, fee, sum, free) => `The total is ${items}${fee ? ` + delivery ${fee}` : ''} = ${sum}${free ? ', with free delivery' : ''}.`,
    pricesIntro: formal ? 'Here are the prices:' : `Here are the prices${smile}`,
    reservationNoted: formal ? 'Certainly, we will arrange your reservation.' : `Sure, we'll set up your reservation${smile}`,
    address: (address) => (formal ? `Our address: ${address}.` : `You can find us at ${address}${smile}`),
    menuIntro: formal ? 'Here is our menu:' : `Here's our menu${smile}`,
    stockCheck: (name) => (formal ? `We will check the availability of ${name} for you.` : `Let us check the stock of ${name} for you${smile}`),
    handoffQuestion: (q) => (formal ? `Regarding "${q}": a member of our team will answer you shortly.` : `About "${q}": someone from our team will check and reply shortly${smile}`),
    followUp: (product, attempt) => {
      const thing = product ?? 'your order'
      if (attempt <= 1) return formal ? `Hello, are you still interested in ${thing}? We would be glad to help you order.` : `Hi! Still interested in ${thing}? Just let us know if you'd like to order${smile}`
      return formal ? `Sorry to bother you. If you are still interested in ${thing}, we are happy to help at any time.` : `Just checking in: ${thing} is still available if you want it. No pressure, we're here whenever you're ready 🙏`
    },
  }
}

/** "libur" stays "libur" (the owner's word); anything else is "tutup". */
const indonesianClosed = (word: string | undefined) => (word === 'libur' ? 'libur' : 'tutup')

export function voiceFor(language: Language, tone: Tone): Voice {
  return language === 'id' ? indonesian(tone) : english(tone)
}

/** Rupiah as the owner writes it: `Rp 25.000`. */
export function formatRupiah(amount: number): string {
  const whole = Math.round(amount)
  return `Rp ${String(Math.abs(whole)).replace(/\B(?=(\d{3})+(?!\d))/g, '.')}`.replace('Rp ', whole < 0 ? 'Rp -' : 'Rp ')
}
