// The shop's own labels (GET/POST/PATCH/DELETE /labels) and setting them on a chat
// (PUT /conversations/:id/labels). `labels.changed` keeps every open dashboard's list current; a
// chat's labels travel on its summary (labelIds), so the inbox store's live updates carry them.
import { defineStore } from 'pinia'
import { computed, ref } from 'vue'
import type { ConversationSummary, Label, LabelColour } from '../types/api'
import { useApi } from '../composables/useApi'
import { useEventsStore } from './events'
import { useInboxStore } from './inbox'

export const useLabelsStore = defineStore('labels', () => {
  const items = ref<Label[]>([])
  const loaded = ref(false)
  const loading = ref(false)
  const error = ref<unknown>(null)
  const byId = computed(() => new Map(items.value.map((l) => [l.id, l])))

  async function load(force = false): Promise<void> {
    if (loaded.value && !force) return
    loading.value = !loaded.value
    error.value = null
    try {
      items.value = (await useApi().get<{ items: Label[] }>('/labels')).items
      loaded.value = true
    } catch (e) {
      error.value = e
    } finally {
      loading.value = false
    }
  }

  const sort = (list: Label[]) => [...list].sort((a, b) => a.name.localeCompare(b.name, 'id', { sensitivity: 'base' }))

  async function create(input: { name: string; colour: LabelColour }): Promise<Label> {
    const l = await useApi().post<Label>('/labels', input)
    items.value = sort([...items.value.filter((x) => x.id !== l.id), l])
    return l
  }

  async function update(id: string, patch: { name?: string; colour?: LabelColour }): Promise<Label> {
    const l = await useApi().patch<Label>(`/labels/${id}`, patch)
    items.value = sort(items.value.map((x) => (x.id === id ? l : x)))
    return l
  }

  async function remove(id: string): Promise<void> {
    await useApi().del(`/labels/${id}`)
    items.value = items.value.filter((x) => x.id !== id)
  }

  /** Replaces a chat's labels; the answer (and the live update) refreshes the inbox. */
  async function setOnConversation(conversationId: string, labelIds: string[]): Promise<ConversationSummary> {
    const summary = await useApi().put<ConversationSummary>(`/conversations/${conversationId}/labels`, { labelIds })
    useInboxStore().upsertConversation(summary)
    return summary
  }

  /** The labels of a chat that still exist, by name (a deleted label's id may linger a moment). */
  function of(labelIds: readonly string[] | undefined): Label[] {
    return sort((labelIds ?? []).map((id) => byId.value.get(id)).filter((l): l is Label => !!l))
  }

  function reset(): void {
    items.value = []
    loaded.value = false
  }

  useEventsStore().on('labels.changed', ({ items: next }) => {
    items.value = sort(next)
    loaded.value = true
  })

  return { items, loaded, loading, error, byId, load, create, update, remove, setOnConversation, of, reset }
})
