// The knowledge base (GET/POST/PUT/DELETE /knowledge/documents…): the owner's documents and their
// processing state, kept live by `knowledge.updated` events (and re-fetched after a reconnect).
import { defineStore } from 'pinia'
import { ref } from 'vue'
import type { KnowledgeDocument, KnowledgeImport, KnowledgeList, KnowledgePriceRow } from '../types/api'
import { useApi } from '../composables/useApi'
import { useEventsStore } from './events'
import { useAiConfigStore } from './aiConfig'

/**
 * A fetched list merged with what changed while the request was in flight: a document's newer
 * state (by updatedAt) wins, documents that arrived since stay, and ones deleted since stay gone.
 * A plain replace put a just-failed upload back to "queued" for good whenever its event beat the
 * list's answer (the browser journey caught it on a busy CI machine).
 */
export function mergeListed(current: KnowledgeDocument[], listed: KnowledgeDocument[], since: { added: ReadonlySet<string>; deleted: ReadonlySet<string> }): KnowledgeDocument[] {
  const mine = new Map(current.map((d) => [d.id, d]))
  const merged = listed.filter((d) => !since.deleted.has(d.id)).map((d) => {
    const known = mine.get(d.id)
    return known && known.updatedAt > d.updatedAt ? known : d
  })
  const listedIds = new Set(listed.map((d) => d.id))
  return [...current.filter((d) => !listedIds.has(d.id) && since.added.has(d.id)), ...merged]
}

export const useKnowledgeStore = defineStore('knowledge', () => {
  const documents = ref<KnowledgeDocument[]>([])
  const storage = ref<KnowledgeList['storage'] | null>(null)
  const photoOcr = ref(true)
  const loading = ref(false)
  const loaded = ref(false)
  const error = ref<unknown>(null)

  // Which documents changed at which step, so a list fetched meanwhile does not undo it.
  let step = 0
  const upserted = new Map<string, number>()
  const deleted = new Map<string, number>()
  const changedSince = (marks: Map<string, number>, from: number) => new Set([...marks].filter(([, at]) => at > from).map(([id]) => id))

  function upsert(doc: KnowledgeDocument): void {
    upserted.set(doc.id, ++step)
    const at = documents.value.findIndex((d) => d.id === doc.id)
    // Events may arrive out of order: an older update never replaces a newer one.
    if (at >= 0) { if (documents.value[at]!.updatedAt <= doc.updatedAt) documents.value[at] = doc }
    else documents.value = [doc, ...documents.value]
  }

  function forget(id: string): void {
    deleted.set(id, ++step)
    documents.value = documents.value.filter((d) => d.id !== id)
  }

  async function load(): Promise<void> {
    loading.value = !loaded.value
    error.value = null
    try {
      const from = step
      const list = await useApi().get<KnowledgeList>('/knowledge/documents')
      documents.value = mergeListed(documents.value, list.items, { added: changedSince(upserted, from), deleted: changedSince(deleted, from) })
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
    forget(id)
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
    if ('deleted' in data) forget(data.id)
    else upsert(data)
  })
  events.onResync(() => { if (loaded.value) void load() })

  return { documents, storage, photoOcr, loading, loaded, error, load, upload, paste, text, saveText, remove, priceRows, importPriceRows }
})
