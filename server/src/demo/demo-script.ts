// What the simulated customers say in demo mode: realistic Indonesian and English chats for a
// small coffee shop (questions, orders, a complaint), each a short conversation. A customer opens
// with the first line and, when the shop replies, answers with the next one after a pause.

export interface DemoCustomerScript {
  name: string
  phone: string
  lines: string[]
}

export const DEMO_CUSTOMERS: DemoCustomerScript[] = [
  { name: 'Rina Wulandari', phone: '6281234500011', lines: [
    'Kak, menu hari ini apa aja ya?',
    'Es kopi susu gula aren berapa kak?',
    'Oke kak, aku pesen 2 ya, bisa diantar ke Jl. Melati 12?',
  ] },
  { name: 'Budi Santoso', phone: '6281234500022', lines: [
    'Min, buka jam berapa hari Minggu?',
    'Bisa bayar pakai QRIS kan?',
  ] },
  { name: 'Sarah Lim', phone: '6581234500033', lines: [
    'Hi! Do you have oat milk options?',
    'Great, I would like to order one oat latte for pickup at 3pm',
  ] },
  { name: 'Dewi Anggraini', phone: '6281234500044', lines: [
    'Kak pesanan saya kemarin kok belum sampai ya, udah 2 jam nunggu 😞',
    'Tolong dicek ya kak, atas nama Dewi',
  ] },
  { name: 'Agus Pratama', phone: '6281234500055', lines: [
    'Gan, ready croissant coklat?',
    'Ongkir ke Kemang berapa?',
    'Sip, ambil 3 ya, transfer ke mana?',
  ] },
  { name: 'Michael Tan', phone: '6281234500066', lines: [
    'Hello, is the cafe open for a small meeting tomorrow morning?',
    'Thanks, see you then!',
  ] },
]

/** A small menu so the demo's AI answers have something real to quote. */
export const DEMO_PROFILE = {
  about: 'Kedai kopi kecil di Jakarta Selatan: kopi susu, teh, dan pastry buatan sendiri.',
  menu: 'Es Kopi Susu Gula Aren, Kopi Hitam, Oat Latte, Teh Tarik, Croissant Coklat, Roti Bakar Keju',
  hours: 'Setiap hari 08.00–21.00 WIB',
  address: 'Jl. Kemang Raya No. 8, Jakarta Selatan',
  faq: 'Pembayaran: tunai, transfer BCA, QRIS. Pesan antar lewat WhatsApp untuk area Jakarta Selatan, ongkir mulai Rp 10.000. Ada pilihan susu oat.',
  priceList: [
    { name: 'Es Kopi Susu Gula Aren', price: 22000 },
    { name: 'Kopi Hitam', price: 15000 },
    { name: 'Oat Latte', price: 32000 },
    { name: 'Teh Tarik', price: 18000 },
    { name: 'Croissant Coklat', price: 25000 },
    { name: 'Roti Bakar Keju', price: 20000 },
  ],
}
