// Valid bodies and query strings per route, which the fuzz test mutates one field at a time (deep
// into a handler, past the parts that already refuse wholly wrong input). A route not listed here
// still gets hostile bodies and queries built from every field name known below: a new route is
// fuzzed the day it is added, and deserves a template when it takes a body.
/** `u` is a fresh token from the run's seeded PRNG, so names stay unique and a replay is exact. */
type Template = (u: string) => Record<string, unknown>

export const BODY_TEMPLATES: Record<string, Template> = {
  'POST /api/v1/auth/register': (u) => ({ businessName: 'Toko Baru', email: `fuzz-new-${u}@example.com`, password: 'rahasia-baru-123', name: 'Budi' }),
  'POST /api/v1/auth/login': (u) => ({ email: `nobody-${u}@example.com`, password: 'salah-sandi-123' }),
  // The current password is wrong on purpose: a fuzzed request must not take an actor's password.
  'POST /api/v1/auth/password': () => ({ currentPassword: 'bukan-sandinya-123', newPassword: 'rahasia-baru-123' }),
  'POST /api/v1/auth/password-reset/request': (u) => ({ email: `nobody-${u}@example.com` }),
  'POST /api/v1/auth/password-reset': () => ({ token: 'a'.repeat(43), newPassword: 'rahasia-baru-123' }),
  'POST /api/v1/team': (u) => ({ email: `fuzz-invite-${u}@example.com`, name: 'Staf', role: 'viewer' }),
  'PATCH /api/v1/team/:id': () => ({ role: 'viewer' }),
  'PUT /api/v1/ai-config': () => ({
    businessName: 'Kopi Senja', profile: { about: 'Kedai kopi', menu: 'Es kopi', hours: '08-21', address: 'Jl. Melati', faq: 'Bayar QRIS' },
    priceList: [{ name: 'Es Kopi', price: 22000, unit: 'gelas' }], tone: 'friendly', replyLanguage: 'id', enabledModes: ['faq', 'order'],
    autoReply: false, replyToComplaints: false, model: 'gpt-4o-mini', baseUrl: null, apiKey: null,
    followUp: { enabled: true, afterHours: 24, maxCount: 1, onlyHotLeads: true }, timezone: 'Asia/Jakarta',
    quietHours: { start: '21:00', end: '08:00' }, waitingAlert: { enabled: true, afterMinutes: 15 },
  }),
  'POST /api/v1/ai-config/price-list/import': () => ({ csv: 'nama,harga\nEs Kopi,22000', dryRun: true }),
  'POST /api/v1/ai-config/test-classifier': () => ({ text: 'Harga es kopi berapa kak?' }),
  'POST /api/v1/ai-config/preview-reply': () => ({ text: 'Buka jam berapa?', tone: 'casual', replyLanguage: 'id' }),
  'POST /api/v1/conversations/:id/messages': () => ({ text: 'Baik kak, kami cek dulu ya' }),
  'PATCH /api/v1/conversations/:id/insights/:insightId': () => ({ tags: ['hot_lead', 'price_inquiry'] }),
  'PUT /api/v1/conversations/:id/labels': () => ({ labelIds: [] }),
  'POST /api/v1/labels': (u) => ({ name: `L${u.slice(0, 6)}`, colour: 'green' }),
  'PATCH /api/v1/labels/:id': () => ({ name: 'Langganan', colour: 'blue' }),
  'POST /api/v1/quick-replies': (u) => ({ shortcut: `q${u.slice(0, 6)}`, text: 'Ongkir 10rb kak' }),
  'PATCH /api/v1/quick-replies/:id': () => ({ text: 'Ongkir 12rb kak' }),
  'POST /api/v1/api-keys': (u) => ({ name: `k${u.slice(0, 6)}`, scopes: ['messages:read'], expiresAt: '2099-01-01T00:00:00Z' }),
  'POST /api/v1/messages': () => ({ to: '+6281234567890', text: 'Pesanan sudah dikirim kak' }),
  // Loopback is allowed in tests (OUTBOUND_ALLOW_HOSTS); port 9 refuses, so deliveries just retry.
  'POST /api/v1/webhooks': () => ({ url: 'http://127.0.0.1:9/hook', events: ['message.received', 'followup.*'], description: 'POS' }),
  'PATCH /api/v1/webhooks/:id': () => ({ active: false, events: ['session.state'] }),
  'POST /api/v1/device/pair-code': () => ({ phoneNumber: '6281234567890' }),
  'POST /api/v1/devices': (u) => ({ name: `Cabang ${u.slice(0, 6)}`, colour: 'blue' }),
  'PATCH /api/v1/devices/:id': () => ({ name: 'Cabang Bekasi', colour: 'orange' }),
  'POST /api/v1/devices/:id/pair-code': () => ({ phoneNumber: '6281234567890' }),
  'PATCH /api/v1/customers/:id': () => ({ name: 'Bu Rina', notes: 'Langganan, kirim pagi' }),
  // "nama,nomor\nRina,081234567890" as base64.
  'POST /api/v1/customers/import': () => ({ file: Buffer.from('nama,nomor\nRina,081234567890\n').toString('base64'), dryRun: true }),
  'PUT /api/v1/away': () => ({ enabled: false, message: 'Toko tutup, kami balas besok', week: Array.from({ length: 7 }, () => ({ closed: false, open: '08:00', close: '17:00' })) }),
  // Demo mode only (FUZZ_DEMO=1).
  'POST /api/v1/demo/customer-message': () => ({ text: 'Halo kak, masih buka?', customerName: 'Rina', phone: '6591234567' }),
}

export const QUERY_TEMPLATES: Record<string, Record<string, string>> = {
  'GET /api/v1/conversations': { limit: '10', tag: 'hot_lead', mode: 'faq', intent: 'ask_price', unread: 'true', waiting: 'false', q: 'kopi', deviceId: '00000000-0000-4000-8000-000000000000' },
  'GET /api/v1/conversations/:id/messages': { limit: '10' },
  'GET /api/v1/follow-ups': { limit: '10', status: 'scheduled' },
  'GET /api/v1/customers': { limit: '10', q: '0812', tag: 'hot_lead', open: 'true', lastContactFrom: '2026-01-01T00:00:00+07:00', lastContactTo: '2027-01-01T00:00:00Z' },
  'GET /api/v1/customers/export': { q: 'rina', open: 'false' },
}

/** Every field name the templates know, for routes that have none. */
export const KNOWN_FIELDS = [...new Set([
  ...Object.values(BODY_TEMPLATES).flatMap((t) => Object.keys(t('x'))),
  ...Object.values(QUERY_TEMPLATES).flatMap((q) => Object.keys(q)),
  'cursor', 'label', 'conversationId', 'id', 'token',
])]
