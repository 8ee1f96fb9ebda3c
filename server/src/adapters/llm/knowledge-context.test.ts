import { describe, expect, it } from 'vitest'
import type { BusinessProfile, KnowledgeSnippet } from './llm.port.js'
import { OfflineLlm } from './offline/offline-llm.js'
import { citedSources } from './knowledge-context.js'

const profile: BusinessProfile = {
  businessName: 'Warung Bu Sri', about: 'Warung makan rumahan', menu: '', hours: 'Setiap hari 09.00–21.00', address: 'Jl. Kenanga 3, Solo',
  faq: 'Pembayaran: tunai atau QRIS.', priceList: [{ name: 'Es Teh', price: 5000 }],
}
const menuPdf: KnowledgeSnippet = {
  text: 'MAKANAN\nNasi Bakar ........ Rp 25.000\nAyam Geprek ........ Rp 22.000\nParkir motor tersedia di samping warung.',
  source: { documentId: '0b6f2a52-7a0e-4a57-9a53-5e8f0f0e4b1c', fileName: 'menu.pdf', location: 'hal. 2' },
  priceRows: [{ name: 'Nasi Bakar', price: 25000 }, { name: 'Ayam Geprek', price: 22000 }],
}
const llm = new OfflineLlm()

async function answer(text: string, knowledge?: KnowledgeSnippet[]) {
  const classification = await llm.classify({ text, history: [], profile })
  return llm.reply({ text, history: [], profile, classification, tone: 'friendly', replyLanguage: 'auto', ...(knowledge ? { knowledge } : {}) })
}

describe('the built-in engine with the knowledge base', () => {
  it('answers a price that only a document names, and credits the document', async () => {
    const reply = await answer('harga nasi bakar berapa?', [menuPdf])
    expect(reply.text).toContain('Nasi Bakar')
    expect(reply.text).toContain('25.000')
    expect(reply.handoff).toBe(false)
    expect(reply.sources).toEqual([expect.objectContaining(menuPdf.source)])
  })

  it('does not know that price without the document (nothing invented)', async () => {
    const reply = await answer('harga nasi bakar berapa?')
    expect(reply.text).not.toContain('25.000')
    expect(reply.sources).toBeUndefined()
  })

  it('still answers from the profile, crediting no document it did not use', async () => {
    const reply = await answer('es teh berapa kak?', [menuPdf])
    expect(reply.text).toContain('5.000')
    expect(reply.sources).toBeUndefined()
  })

  it('answers a question a document line answers', async () => {
    const reply = await answer('ada parkir motor?', [menuPdf])
    expect(reply.text).toContain('Parkir motor tersedia')
    expect(reply.sources).toEqual([expect.objectContaining(menuPdf.source)])
  })

  it('credits a model reply by the document words it repeats', () => {
    expect(citedSources('Nasi bakar harganya Rp 25.000 kak', [menuPdf])).toEqual([{ id: 'kb.1', label: 'menu.pdf, hal. 2', ...menuPdf.source }])
    expect(citedSources('Es teh Rp 5.000 kak', [menuPdf])).toEqual([])
  })
})
