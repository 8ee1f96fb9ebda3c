// The knowledge base over real HTTP (a listening server, multipart uploads as a browser sends
// them) with the real worker processing documents on PostgreSQL and Redis: each format, each bad
// file, editing, deleting, importing price rows, tenant scoping, and the AI answering from it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { and, eq } from 'drizzle-orm'
import { customerMessage, registerOwner, startPipeline, waitFor, type PipelineHarness } from '../../../test/pipeline-harness.js'
import { corruptPdf, docx, encryptedPdf, menuPdf, pdfWithPages, xlsx } from '../../../test/support/knowledge/files.js'
import { knowledgeChunks } from './knowledge.tables.js'
import { messages } from '../inbox/inbox.tables.js'
import { OpenAiCompatibleServer } from '../../../test/support/llm/openai-compatible-server.js'

let h: PipelineHarness
let base: string
type Owner = { auth: Record<string, string>; tenantId: string }
let owner: Owner

beforeAll(async () => {
  // Small caps so "too large", "too many pages" and "storage full" need only small files.
  h = await startPipeline({ env: { KNOWLEDGE_MAX_FILE_MB: '0.25', KNOWLEDGE_MAX_PAGES: '5', KNOWLEDGE_STORAGE_MB: '0.6', KNOWLEDGE_OCR_BIN: '/nonexistent/tesseract' } })
  await h.startWorker()
  base = await h.app.listen({ port: 0, host: '127.0.0.1' })
  owner = await registerOwner(h.app)
})
afterAll(async () => { await h?.close() })

async function api(who: Owner, method: string, path: string, body?: unknown) {
  const res = await fetch(`${base}/api/v1${path}`, {
    method, headers: { ...who.auth, ...(body === undefined ? {} : { 'content-type': 'application/json' }) }, ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  })
  const text = await res.text()
  return { status: res.status, body: (text ? JSON.parse(text) : null) as any }
}

async function upload(who: Owner, fileName: string, bytes: Buffer, type = 'application/octet-stream') {
  const form = new FormData()
  form.append('file', new Blob([new Uint8Array(bytes)], { type }), fileName)
  const res = await fetch(`${base}/api/v1/knowledge/documents`, { method: 'POST', headers: who.auth, body: form })
  return { status: res.status, body: await res.json() as any }
}

/** The document once its job is done (ready or failed). */
async function settled(who: Owner, id: string) {
  return waitFor(async () => {
    const { body } = await api(who, 'GET', `/knowledge/documents/${id}`)
    return body.state === 'ready' || body.state === 'failed' ? body : undefined
  }, 20_000, `document ${id} processed`)
}

const chunksOf = (tenantId: string, documentId: string) =>
  h.database.db.select().from(knowledgeChunks).where(and(eq(knowledgeChunks.tenantId, tenantId), eq(knowledgeChunks.documentId, documentId)))

describe('uploading each format', () => {
  it('reads a PDF menu page by page and finds a product despite a typo, with its page', async () => {
    const sent = await upload(owner, 'menu.pdf', await menuPdf(), 'application/pdf')
    expect(sent.status).toBe(201)
    expect(sent.body).toMatchObject({ fileName: 'menu.pdf', kind: 'pdf', state: 'queued', progress: 0 })
    const doc = await settled(owner, sent.body.id)
    expect(doc).toMatchObject({ state: 'ready', progress: 100, pages: 2, error: null, priceRowCount: 3 })
    expect(doc.text).toContain('=== hal. 2 ===\nMAKANAN\nNasi Bakar ........ Rp 25.000')
    const found = await api(owner, 'GET', `/knowledge/search?q=${encodeURIComponent('harga ayam gprek brp?')}`)
    expect(found.status).toBe(200)
    expect(found.body.items[0]).toMatchObject({ source: { fileName: 'menu.pdf', location: 'hal. 2' } })
    expect(found.body.items[0].text).toContain('Ayam Geprek')
    // A typo alone finds it too (no exact word to lean on).
    expect((await api(owner, 'GET', '/knowledge/search?q=gprek')).body.items[0].text).toContain('Ayam Geprek')
  })

  it('reads a Word document, keeping each table row on one line', async () => {
    const bytes = await docx('Paket Nasi Box', 'Minimal pesan 20 kotak, pesan H-1.', [['Paket', 'Harga'], ['Nasi Box Ayam', 'Rp 30.000'], ['Nasi Box Rendang', 'Rp 35.000']])
    const sent = await upload(owner, 'paket.docx', bytes)
    expect(sent.body.kind).toBe('docx')
    const doc = await settled(owner, sent.body.id)
    expect(doc.state).toBe('ready')
    expect(doc.text).toContain('# Paket Nasi Box')
    expect(doc.text).toContain('Nasi Box Rendang | Rp 35.000')
    expect((await api(owner, 'GET', `/knowledge/documents/${doc.id}/price-rows`)).body.rows.map((r: { name: string }) => r.name)).toEqual(['Nasi Box Ayam', 'Nasi Box Rendang'])
  })

  it('reads a spreadsheet with its sheet and row numbers as the source', async () => {
    const bytes = await xlsx('Minuman', [['Nama', 'Harga', 'Satuan'], ['Es Jeruk', 7000, 'gelas'], ['Jus Alpukat', 15000, 'gelas']])
    const sent = await upload(owner, 'minuman.xlsx', bytes)
    expect(sent.body.kind).toBe('xlsx')
    expect((await settled(owner, sent.body.id)).state).toBe('ready')
    const found = await api(owner, 'GET', '/knowledge/search?q=jus%20alpukat')
    expect(found.body.items[0]).toMatchObject({ source: { fileName: 'minuman.xlsx', location: 'Minuman, baris 1–3' } })
  })

  it('reads CSV, text and Markdown files, and pasted text', async () => {
    const csv = await upload(owner, 'harga.csv', Buffer.from('nama;harga\nKerupuk Udang;3000\n'))
    const txt = await upload(owner, 'info.txt', Buffer.from('Kami melayani katering untuk acara kantor.\n'))
    const md = await upload(owner, 'faq.md', Buffer.from('# Pengiriman\nPengiriman gratis untuk radius 3 km.\n'))
    const pasted = await api(owner, 'POST', '/knowledge/documents/text', { title: 'Catatan', text: 'Toko tutup setiap hari raya Nyepi.' })
    expect([csv.body.kind, txt.body.kind, md.body.kind, pasted.body.kind]).toEqual(['csv', 'text', 'text', 'text'])
    for (const d of [csv.body, txt.body, md.body, pasted.body]) expect((await settled(owner, d.id)).state).toBe('ready')
    expect((await api(owner, 'GET', `/knowledge/documents/${csv.body.id}`)).body.text).toBe('nama | harga\nKerupuk Udang | 3000')
    expect((await api(owner, 'GET', '/knowledge/search?q=nyepi')).body.items[0].source.fileName).toBe('Catatan')
    expect((await api(owner, 'GET', '/knowledge/search?q=radius%20pengiriman')).body.items[0].source.fileName).toBe('faq.md')
  })

  it('refuses a menu photo with "type it instead" when the server has no OCR', async () => {
    const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(64)])
    const sent = await upload(owner, 'menu.png', png, 'image/png')
    expect(sent.body.kind).toBe('image')
    const doc = await settled(owner, sent.body.id)
    expect(doc).toMatchObject({ state: 'failed', error: { code: 'knowledge.ocr_unavailable' }, chunkCount: 0 })
    expect((await api(owner, 'GET', '/knowledge/documents')).body.photoOcr).toBe(false)
  })
})

describe('bad files', () => {
  it('marks a damaged PDF failed with a clear reason and indexes nothing of it', async () => {
    const sent = await upload(owner, 'rusak.pdf', corruptPdf())
    expect(sent.status).toBe(201)
    const doc = await settled(owner, sent.body.id)
    expect(doc).toMatchObject({ state: 'failed', error: { code: 'knowledge.corrupt_pdf' }, chunkCount: 0 })
    expect(await chunksOf(owner.tenantId, doc.id)).toEqual([])
  })

  it('marks a password-protected PDF failed and asks for one without a password', async () => {
    const doc = await settled(owner, (await upload(owner, 'terkunci.pdf', encryptedPdf())).body.id)
    expect(doc).toMatchObject({ state: 'failed', error: { code: 'knowledge.encrypted_pdf' }, chunkCount: 0 })
    expect(doc.error.message).toMatch(/password/)
  })

  it('refuses a PDF over the page cap', async () => {
    const bytes = await pdfWithPages(Array.from({ length: 6 }, (_, i) => [`Halaman ${i + 1}`]))
    const doc = await settled(owner, (await upload(owner, 'tebal.pdf', bytes)).body.id)
    expect(doc).toMatchObject({ state: 'failed', error: { code: 'knowledge.too_many_pages' } })
  })

  it('refuses a file that is none of the supported types (sniffed from its bytes, not its name)', async () => {
    const exe = Buffer.concat([Buffer.from('MZ'), Buffer.from([0x90, 0x00, 0x03, 0x00, 0x00, 0x00, 0x04, 0x00])])
    const res = await upload(owner, 'menu.pdf', exe, 'application/pdf')
    expect(res).toMatchObject({ status: 415, body: { error: { code: 'knowledge.unsupported_type' } } })
  })

  it('refuses a file over the size cap with 413 and stores nothing', async () => {
    const before = (await api(owner, 'GET', '/knowledge/documents')).body.items.length
    const res = await upload(owner, 'besar.txt', Buffer.alloc(300 * 1024, 'a'))
    expect(res).toMatchObject({ status: 413, body: { error: { code: 'knowledge.too_large' } } })
    expect((await api(owner, 'GET', '/knowledge/documents')).body.items.length).toBe(before)
  })

  it('refuses an empty file, a request without a file, and pasted text with no words', async () => {
    expect(await upload(owner, 'kosong.pdf', Buffer.alloc(0))).toMatchObject({ status: 400, body: { error: { code: 'knowledge.empty' } } })
    const noFile = await fetch(`${base}/api/v1/knowledge/documents`, { method: 'POST', headers: { ...owner.auth, 'content-type': 'application/json' }, body: '{}' })
    expect(noFile.status).toBe(400)
    expect(((await noFile.json()) as { error: { code: string } }).error.code).toBe('knowledge.no_file')
    expect((await api(owner, 'POST', '/knowledge/documents/text', { title: 'x', text: '' })).status).toBe(400)
  })

  it('refuses an upload past the shop\'s storage cap', async () => {
    const shop = await registerOwner(h.app)
    const big = Buffer.alloc(200 * 1024, 'b ')
    for (let i = 0; i < 3; i++) expect((await upload(shop, `isi-${i}.txt`, big)).status).toBe(201)
    const res = await upload(shop, 'lagi.txt', big)
    expect(res).toMatchObject({ status: 413, body: { error: { code: 'knowledge.storage_full' } } })
  })
})

describe('managing documents', () => {
  it('re-indexes the owner\'s edit of the text, keeping the page markers as sources', async () => {
    const doc = await settled(owner, (await upload(owner, 'menu-lama.pdf', await pdfWithPages([['Soto Betawi ........ Rp 28.000']]))).body.id)
    const edited = await api(owner, 'PUT', `/knowledge/documents/${doc.id}/text`, { text: '=== hal. 1 ===\nSoto Lamongan ........ Rp 27.000' })
    expect(edited).toMatchObject({ status: 200, body: { state: 'queued', edited: true } })
    expect((await settled(owner, doc.id)).state).toBe('ready')
    expect((await api(owner, 'GET', '/knowledge/search?q=soto%20betawi')).body.items.some((i: { text: string; source: { documentId: string } }) => i.source.documentId === doc.id && i.text.includes('Betawi'))).toBe(false)
    const found = await api(owner, 'GET', '/knowledge/search?q=soto%20lamongan')
    expect(found.body.items[0]).toMatchObject({ source: { documentId: doc.id, location: 'hal. 1' } })
  })

  it('deletes a document with its index', async () => {
    const doc = await settled(owner, (await upload(owner, 'hapus.txt', Buffer.from('Sate Kambing ........ Rp 40.000'))).body.id)
    expect((await chunksOf(owner.tenantId, doc.id)).length).toBe(1)
    expect((await api(owner, 'DELETE', `/knowledge/documents/${doc.id}`)).status).toBe(204)
    expect(await chunksOf(owner.tenantId, doc.id)).toEqual([])
    expect((await api(owner, 'GET', `/knowledge/documents/${doc.id}`)).status).toBe(404)
    expect((await api(owner, 'GET', '/knowledge/search?q=sate%20kambing')).body.items).toEqual([])
  })

  it('imports chosen price rows into the price list after a preview', async () => {
    const shop = await registerOwner(h.app)
    await api(shop, 'PUT', '/ai-config', { priceList: [{ name: 'Es Teh Manis', price: 4000 }] })
    const doc = await settled(shop, (await upload(shop, 'menu.pdf', await menuPdf())).body.id)
    const rows = (await api(shop, 'GET', `/knowledge/documents/${doc.id}/price-rows`)).body.rows
    expect(rows).toEqual([
      { name: 'Nasi Bakar', price: 25000, where: 'hal. 2', currentPrice: null },
      { name: 'Ayam Geprek', price: 22000, where: 'hal. 2', currentPrice: null },
      { name: 'Es Teh Manis', price: 5000, where: 'hal. 2', currentPrice: 4000 },
    ])
    const preview = await api(shop, 'POST', `/knowledge/documents/${doc.id}/price-rows/import`, { names: ['Nasi Bakar', 'Es Teh Manis'], dryRun: true })
    expect(preview.body).toMatchObject({ added: 1, updated: 1, saved: false, errors: [] })
    expect((await api(shop, 'GET', '/ai-config')).body.priceList).toEqual([{ name: 'Es Teh Manis', price: 4000 }])
    const saved = await api(shop, 'POST', `/knowledge/documents/${doc.id}/price-rows/import`, { names: ['Nasi Bakar', 'Es Teh Manis'] })
    expect(saved.body.saved).toBe(true)
    expect((await api(shop, 'GET', '/ai-config')).body.priceList).toEqual([{ name: 'Es Teh Manis', price: 5000 }, { name: 'Nasi Bakar', price: 25000 }])
    expect((await api(shop, 'POST', `/knowledge/documents/${doc.id}/price-rows/import`, { names: ['Rendang'] })).body).toMatchObject({ saved: false, errors: [{ message: expect.stringContaining('Rendang') }] })
  })

  it('keeps shops apart and lets only owners and admins change documents', async () => {
    const doc = (await api(owner, 'GET', '/knowledge/documents')).body.items[0]
    const other = await registerOwner(h.app)
    expect((await api(other, 'GET', `/knowledge/documents/${doc.id}`)).status).toBe(404)
    expect((await api(other, 'DELETE', `/knowledge/documents/${doc.id}`)).status).toBe(404)
    expect((await api(other, 'PUT', `/knowledge/documents/${doc.id}/text`, { text: 'diganti' })).status).toBe(404)
    expect((await api(other, 'GET', '/knowledge/search?q=nasi%20bakar')).body.items).toEqual([])
    expect((await api(other, 'GET', '/knowledge/documents')).body.items).toEqual([])
    const viewer = await h.member(owner, 'viewer')
    const asViewer = { ...owner, auth: viewer.auth }
    expect((await api(asViewer, 'GET', '/knowledge/documents')).status).toBe(200)
    expect((await upload(asViewer, 'x.txt', Buffer.from('teks'))).status).toBe(403)
    expect((await api(asViewer, 'DELETE', `/knowledge/documents/${doc.id}`)).status).toBe(403)
    expect((await api(owner, 'GET', '/knowledge/documents/not-a-uuid')).status).toBe(400)
  })
})

describe('answers from the knowledge base', () => {
  it('the AI answers a price only the PDF names, and the message records the source', async () => {
    const shop = await registerOwner(h.app)
    await api(shop, 'PUT', '/ai-config', { businessName: 'Warung Bu Sri', autoReply: true, priceList: [{ name: 'Es Teh', price: 5000 }] })
    expect((await settled(shop, (await upload(shop, 'menu.pdf', await menuPdf())).body.id)).state).toBe('ready')
    await h.pipeline.inbox.ingest(shop.tenantId, [customerMessage({ text: 'harga nasi bakar berapa?' })], 'live')
    const reply = await waitFor(async () => {
      const [row] = await h.database.db.select().from(messages).where(and(eq(messages.tenantId, shop.tenantId), eq(messages.sentBy, 'ai')))
      return row
    }, 15_000, 'AI reply')
    expect(reply.body).toContain('25.000')
    expect(reply.sources).toEqual([expect.objectContaining({ fileName: 'menu.pdf', location: 'hal. 2' })])
    const conv = (await api(shop, 'GET', '/conversations')).body.items[0]
    const thread = await api(shop, 'GET', `/conversations/${conv.id}/messages`)
    const shown = thread.body.items.find((m: { sentBy: string }) => m.sentBy === 'ai')
    expect(shown.sources).toEqual([expect.objectContaining({ fileName: 'menu.pdf', location: 'hal. 2' })])
    // The owner's "what would the AI answer?" answers from the document too, and says so.
    const preview = await api(shop, 'POST', '/ai-config/preview-reply', { text: 'ayam geprek berapa kak?' })
    expect(preview.body.reply.text).toContain('22.000')
    expect(preview.body.reply.sources).toEqual([expect.objectContaining({ fileName: 'menu.pdf', location: 'hal. 2' })])
  })
})

describe('the tenant\'s own model with the knowledge base', () => {
  it('gets the document excerpts with their sources in its prompt, and its answer is credited to them', async () => {
    const llm = await OpenAiCompatibleServer.start()
    try {
      const shop = await registerOwner(h.app)
      await api(shop, 'PUT', '/ai-config', { businessName: 'Warung Bu Sri', baseUrl: llm.url, apiKey: 'sk-knowledge-test', model: 'test-model' })
      expect((await settled(shop, (await upload(shop, 'menu.pdf', await menuPdf())).body.id)).state).toBe('ready')
      llm.enqueue(
        { json: { mode: 'faq', intent: 'ask_price', tags: ['price_inquiry'], sentiment: 'neutral', product_interest: 'Nasi Bakar', summary: 'Tanya harga nasi bakar', needs_follow_up: false, confidence: 0.9, language: 'id' } },
        { json: { questions: [{ question: 'harga nasi bakar?', answer: 'Rp 25.000' }], reply: 'Nasi Bakar harganya Rp 25.000 per porsi kak 😊', handoff: false, sources: ['kb.1'] } },
      )
      const start = llm.chatRequests.length
      const preview = await api(shop, 'POST', '/ai-config/preview-reply', { text: 'harga nasi bakar?' })
      expect(preview.body.reply).toMatchObject({ text: 'Nasi Bakar harganya Rp 25.000 per porsi kak 😊', sources: [{ fileName: 'menu.pdf', location: 'hal. 2' }] })
      const prompt = JSON.stringify(llm.chatRequests.slice(start)[1]!.messages)
      expect(prompt).toContain('Shop documents')
      expect(prompt).toContain('(menu.pdf, hal. 2)')
      expect(prompt).toContain('Nasi Bakar ........ Rp 25.000')
    } finally {
      await llm.close()
    }
  })
})

describe('hybrid ranking with the provider\'s embeddings', () => {
  // An embedding that knows "pedas" (spicy) and "sambal" mean the same thing; words alone do not.
  const spicy = (text: string) => (/\b(pedas|sambal|cabai)\b/i.test(text) ? [1, 0, 0] : /\b(minum|teh|jeruk)\b/i.test(text) ? [0, 1, 0] : [0, 0, 1])
  const doc = 'MAKANAN\nAyam Geprek sambal bawang ........ Rp 22.000\n\nMINUMAN\nEs Teh Manis ........ Rp 5.000\nEs Jeruk ........ Rp 7.000\n'.repeat(1)

  it('finds a piece by meaning when no word matches, once the provider embedded the document', async () => {
    const llm = await OpenAiCompatibleServer.start({ embed: spicy })
    try {
      const shop = await registerOwner(h.app)
      await api(shop, 'PUT', '/ai-config', { baseUrl: llm.url, apiKey: 'sk-embed-test', model: 'test-model' })
      const sent = await upload(shop, 'menu.txt', Buffer.from(doc.replace('\n\nMINUMAN', '\n' + 'Catatan dapur: semua bumbu dibuat sendiri setiap pagi. '.repeat(8) + '\n\nMINUMAN')))
      expect((await settled(shop, sent.body.id)).state).toBe('ready')
      const embedded = llm.requests.filter((r) => r.path.endsWith('/embeddings'))
      expect(embedded.length).toBeGreaterThan(0)
      expect(embedded[0]!.body.model).toBe('text-embedding-3-small')
      const found = await api(shop, 'GET', '/knowledge/search?q=yang%20pedas%20apa%20ya')
      expect(found.body.items[0].text).toContain('Ayam Geprek sambal')
      // Words still count: "jeruk" finds the drinks first.
      expect((await api(shop, 'GET', '/knowledge/search?q=es%20jeruk')).body.items[0].text).toContain('Es Jeruk')
    } finally {
      await llm.close()
    }
  })

  it('indexes by words alone when the provider cannot embed', async () => {
    const llm = await OpenAiCompatibleServer.start({ embed: () => [] })
    try {
      const shop = await registerOwner(h.app)
      await api(shop, 'PUT', '/ai-config', { baseUrl: llm.url, apiKey: 'sk-embed-test', model: 'test-model' })
      expect((await settled(shop, (await upload(shop, 'menu.txt', Buffer.from(doc))).body.id)).state).toBe('ready')
      expect((await api(shop, 'GET', '/knowledge/search?q=yang%20pedas%20apa%20ya')).body.items).toEqual([])
      expect((await api(shop, 'GET', '/knowledge/search?q=ayam%20geprek')).body.items[0].text).toContain('Ayam Geprek')
    } finally {
      await llm.close()
    }
  })
})
