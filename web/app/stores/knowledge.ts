// The knowledge base (GET/POST/PUT/DELETE /knowledge/documents…): the owner's documents and their
// processing state, kept live by `knowledge.updated` events (and re-fetched after a reconnect).
import { defineStore } from 'pinia'
import { ref } from 'vue'
import type { KnowledgeDocument, KnowledgeImport, KnowledgeList, KnowledgePriceRow } from '../types/api'
import { useApi } from '../composables/useApi'
import { useEventsStore } from './events'
import { useAiConfigStore } from './aiConfig'

export const useKnowledgeStore = defineStore('knowledge', () => {
  const documents = ref<KnowledgeDocument[]>([])
  const storage = ref<KnowledgeList['storage'] | null>(null)
  const photoOcr = ref(true)
  const loading = ref(false)
  const loaded = ref(false)
  const error = ref<unknown>(null)

  function upsert(doc: KnowledgeDocument): void {
    const at = documents.value.findIndex((d) => d.id === doc.id)
    // Events may arrive out of order: an older update never replaces a newer one.
    if (at >= 0) { if (documents.value[at]!.updatedAt <= doc.updatedAt) documents.value[at] = doc }
    else documents.value = [doc, ...documents.value]
  }

  async function load(): Promise<void> {
    loading.value = !loaded.value
    error.value = null
    try {
      const list = await useApi().get<KnowledgeList>('/knowledge/documents')
      documents.value = list.items
      storage.value = list.storage
      photoOcr.value = list.photoOcr
      loaded.value = true
    } catch (e) {
      error.value = e
    } finally {
      loading.value = false
    }
  }

  async function upload(file: File): Promise<KnowledgeDocument> {
    const form = new FormData()
    form.append('file', file, file.name)
    const doc = await useApi().upload<KnowledgeDocument>('/knowledge/documents', form)
    upsert(doc)
    void load()
    return doc
  }

  async function paste(title: string, text: string): Promise<KnowledgeDocument> {
    const doc = await useApi().post<KnowledgeDocument>('/knowledge/documents/text', { title, text })
    upsert(doc)
    return doc
  }

  const text = (id: string) => useApi().get<KnowledgeDocument & { text: string | null }>(`/knowledge/documents/${id}`)

  async function saveText(id: string, value: string): Promise<void> {
    upsert(await useApi().put<KnowledgeDocument>(`/knowledge/documents/${id}/text`, { text: value }))
  }

  async function remove(id: string): Promise<void> {
    await useApi().del(`/knowledge/documents/${id}`)
    documents.value = documents.value.filter((d) => d.id !== id)
    void load()
  }

  const priceRows = async (id: string) => (await useApi().get<{ rows: KnowledgePriceRow[] }>(`/knowledge/documents/${id}/price-rows`)).rows

  async function importPriceRows(id: string, names: string[], dryRun: boolean): Promise<KnowledgeImport> {
    const result = await useApi().post<KnowledgeImport>(`/knowledge/documents/${id}/price-rows/import`, { names, dryRun })
    if (result.saved) void useAiConfigStore().load(true)
    return result
  }

  const events = useEventsStore()
  events.on('knowledge.updated', (data) => {
    if ('deleted' in data) documents.value = documents.value.filter((d) => d.id !== data.id)
    else upsert(data)
  })
  events.onResync(() => { if (loaded.value) void load() })

  return { documents, storage, photoOcr, loading, loaded, error, load, upload, paste, text, saveText, remove, priceRows, importPriceRows }
})
