// "Saran AI": the AI's suggested answer to a chat's newest customer message when it may not send
// one itself (auto-reply off, a kind of message it may not answer). Loaded when a chat opens,
// replaced live by suggestion.created. A tap asks the reply box to take the text (insertRequest),
// so the person edits and sends it; the reply box stays the only place that sends.
import { defineStore } from 'pinia'
import { reactive, ref } from 'vue'
import type { AiSuggestion } from '../types/api'
import { useApi } from '../composables/useApi'
import { useEventsStore } from './events'

export const useSuggestionsStore = defineStore('suggestions', () => {
  const byConversation = reactive<Record<string, AiSuggestion | null>>({})
  /** Suggestions the person already put into the reply box (not offered again). */
  const used = reactive<Record<string, true>>({})
  /** The latest "insert this" request; `n` makes a second tap on the same text a change too. */
  const insertRequest = ref<{ conversationId: string; text: string; n: number } | null>(null)

  /** Bumped by every live suggestion, so a fetch that started before it cannot overwrite it with null. */
  const seen: Record<string, number> = {}

  async function load(conversationId: string): Promise<void> {
    const before = seen[conversationId] ?? 0
    try {
      const { suggestion } = await useApi().get<{ suggestion: AiSuggestion | null }>(`/conversations/${conversationId}/suggestion`)
      if ((seen[conversationId] ?? 0) === before) byConversation[conversationId] = suggestion
    } catch {
      // A suggestion is a help, not a must: without it the reply box works as ever.
    }
  }

  function insert(s: AiSuggestion): void {
    used[s.id] = true
    insertRequest.value = { conversationId: s.conversationId, text: s.text, n: (insertRequest.value?.n ?? 0) + 1 }
  }

  function reset(): void {
    for (const k of Object.keys(byConversation)) delete byConversation[k]
    for (const k of Object.keys(used)) delete used[k]
    insertRequest.value = null
  }

  const events = useEventsStore()
  events.on('suggestion.created', ({ conversationId, suggestion }) => {
    seen[conversationId] = (seen[conversationId] ?? 0) + 1
    byConversation[conversationId] = suggestion
  })
  events.onResync(() => { for (const id of Object.keys(byConversation)) void load(id) })

  return { byConversation, used, insertRequest, load, insert, reset }
})
