// The team as the inbox sees it: who can be given a chat or @mentioned, who is online now
// (presence from the realtime sockets), and the internal notes of the chats opened.
import { defineStore } from 'pinia'
import { computed, reactive, ref } from 'vue'
import type { Note, TeamMember } from '../types/api'
import { useApi } from '../composables/useApi'
import { useEventsStore } from './events'

export const useTeammatesStore = defineStore('teammates', () => {
  const members = ref<TeamMember[]>([])
  const online = ref<Set<string>>(new Set())
  const loaded = ref(false)
  const notes = reactive<Record<string, Note[]>>({})

  /** Teammates who can answer chats (viewers only read). */
  const assignable = computed(() => members.value.filter((m) => m.role !== 'viewer'))

  async function load(force = false): Promise<void> {
    if (loaded.value && !force) return
    const [team, presence] = await Promise.all([
      useApi().get<{ items: TeamMember[] }>('/team'),
      useApi().get<{ online: string[] }>('/presence'),
    ])
    members.value = team.items
    online.value = new Set(presence.online)
    loaded.value = true
  }

  function nameOf(id: string | null | undefined): string {
    const m = members.value.find((x) => x.id === id)
    return m ? m.name || m.email : ''
  }

  async function loadNotes(conversationId: string): Promise<void> {
    const page = await useApi().get<{ items: Note[] }>(`/conversations/${conversationId}/notes`)
    addNotes(conversationId, page.items)
  }

  function addNotes(conversationId: string, items: Note[]): void {
    const byId = new Map((notes[conversationId] ?? []).map((n) => [n.id, n]))
    for (const n of items) byId.set(n.id, n)
    notes[conversationId] = [...byId.values()].sort((a, b) => a.createdAt.localeCompare(b.createdAt))
  }

  async function addNote(conversationId: string, body: string, mentions: string[]): Promise<Note> {
    const note = await useApi().post<Note>(`/conversations/${conversationId}/notes`, { body, mentions })
    addNotes(conversationId, [note])
    return note
  }

  const events = useEventsStore()
  events.on('presence.changed', ({ userId, online: isOnline }) => {
    const next = new Set(online.value)
    if (isOnline) next.add(userId)
    else next.delete(userId)
    online.value = next
  })
  events.on('note.created', ({ note }) => {
    if (notes[note.conversationId]) addNotes(note.conversationId, [note])
  })
  events.onResync(() => { if (loaded.value) void load(true) })

  return { members, online, loaded, notes, assignable, load, nameOf, loadNotes, addNote }
})
