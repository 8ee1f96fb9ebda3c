// Quick replies (GET/POST/PATCH/DELETE /quick-replies): saved answers picked with "/" in the
// reply box. Fetched when first needed and again each time the picker opens, so a reply added on
// another device shows up without a reload.
import { defineStore } from 'pinia'
import { ref } from 'vue'
import type { QuickReply } from '../types/api'
import { useApi } from '../composables/useApi'

export const useQuickRepliesStore = defineStore('quickReplies', () => {
  const items = ref<QuickReply[]>([])
  const loaded = ref(false)
  const loading = ref(false)
  const error = ref<unknown>(null)

  const sort = () => items.value.sort((a, b) => a.shortcut.localeCompare(b.shortcut))

  async function load(): Promise<void> {
    loading.value = !loaded.value
    error.value = null
    try {
      items.value = (await useApi().get<{ items: QuickReply[] }>('/quick-replies')).items
      loaded.value = true
    } catch (e) {
      error.value = e
    } finally {
      loading.value = false
    }
  }

  async function create(input: { shortcut: string; text: string }): Promise<QuickReply> {
    const q = await useApi().post<QuickReply>('/quick-replies', input)
    items.value = [...items.value.filter((x) => x.id !== q.id), q]
    sort()
    return q
  }

  async function update(id: string, patch: { shortcut?: string; text?: string }): Promise<QuickReply> {
    const q = await useApi().patch<QuickReply>(`/quick-replies/${id}`, patch)
    items.value = items.value.map((x) => (x.id === id ? q : x))
    sort()
    return q
  }

  async function remove(id: string): Promise<void> {
    await useApi().del(`/quick-replies/${id}`)
    items.value = items.value.filter((x) => x.id !== id)
  }

  function reset(): void {
    items.value = []
    loaded.value = false
  }

  return { items, loaded, loading, error, load, create, update, remove, reset }
})

/** Quick replies whose shortcut starts with (then contains) what follows the "/". */
export function matchQuickReplies(items: readonly QuickReply[], query: string): QuickReply[] {
  const q = query.toLowerCase()
  const starts = items.filter((x) => x.shortcut.startsWith(q))
  const contains = items.filter((x) => !x.shortcut.startsWith(q) && (x.shortcut.includes(q) || x.text.toLowerCase().includes(q)))
  return [...starts, ...contains]
}

/**
 * The "/word" being typed just before the caret (at the start or after a space), or null.
 * `start` is where the "/" is, so picking a reply replaces exactly that token.
 */
export function slashToken(text: string, caret: number): { start: number; query: string } | null {
  const before = text.slice(0, caret)
  const m = /(^|\s)\/([^\s/]*)$/.exec(before)
  if (!m) return null
  return { start: before.length - m[2]!.length - 1, query: m[2]! }
}
