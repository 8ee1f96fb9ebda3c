// The inbox: the conversation list (with filters), the open threads, and the live updates that
// keep both current (message.created / message.status / insight.created / conversation.updated).
import { defineStore } from 'pinia'
import { reactive, ref } from 'vue'
import type { ConversationSummary, Insight, Message, MessageStatus, Page } from '../types/api'
import { useApi } from '../composables/useApi'
import { useEventsStore } from './events'
import { useAuthStore } from './auth'

export interface SendExtras { mediaId?: string; voiceNote?: true; sticker?: true; quotedMessageId?: string }

/** `active`: open or waiting for the customer — everything not resolved or snoozed (the default). */
export type StatusView = 'active' | 'open' | 'waiting' | 'resolved' | 'snoozed' | 'all'
export interface InboxFilters {
  tag: string; label: string; mode: string; unread: boolean; q: string; waiting?: boolean
  /** Chats with one of the shop's numbers ('' = every number). */
  deviceId?: string
  /** The team's view (InboxStatusTabs): open chats by default. */
  status?: StatusView
  /** `me`: the signed-in teammate's chats; `none`: unassigned; '' all. */
  assignee?: '' | 'me' | 'none'
}

interface Thread {
  messages: Message[] // oldest first
  nextCursor: string | null
  loading: boolean
  loadingOlder: boolean
  error: unknown
  loaded: boolean
}

const STATUS_RANK: Record<MessageStatus, number> = { pending: 0, failed: 0, sent: 1, delivered: 2, read: 3, received: 0 }

/** Receipts can arrive out of order; a message never goes back from read to delivered. */
export function newerStatus(current: MessageStatus, next: MessageStatus): MessageStatus {
  if (next === 'failed') return current === 'pending' ? 'failed' : current
  return STATUS_RANK[next] >= STATUS_RANK[current] ? next : current
}

/** Whether a chat belongs in a status tab now (a snooze that ran out counts as open). */
export function inStatusView(c: Pick<ConversationSummary, 'status' | 'snoozedUntil'>, view: StatusView, now = Date.now()): boolean {
  const asleep = !!c.snoozedUntil && Date.parse(c.snoozedUntil) > now
  if (view === 'all') return true
  if (view === 'snoozed') return asleep
  if (view === 'active') return !asleep && c.status !== 'resolved'
  return !asleep && c.status === view
}

export function conversationMatches(c: ConversationSummary, f: InboxFilters, me?: string | null): boolean {
  if (f.status && !inStatusView(c, f.status)) return false
  if (f.assignee === 'none' && c.assigneeId) return false
  if (f.assignee === 'me' && (!me || c.assigneeId !== me)) return false
  if (f.tag && !c.tags.includes(f.tag)) return false
  if (f.label && !(c.labelIds ?? []).includes(f.label)) return false
  if (f.deviceId && c.device?.id !== f.deviceId) return false
  if (f.mode && c.mode !== f.mode) return false
  if (f.unread && c.unreadCount === 0) return false
  if (f.waiting && !c.waitingSince) return false
  const q = f.q.trim().toLowerCase()
  if (q) {
    const hay = [c.contact.name, c.contact.phone, c.lastMessage?.body].filter(Boolean).join(' ').toLowerCase()
    // "0812…" as typed locally matches the stored "62812…".
    const digits = q.replace(/\D/g, '').replace(/^0/, '')
    if (!hay.includes(q) && !(digits.length >= 3 && (c.contact.phone ?? '').includes(digits))) return false
  }
  return true
}

/**
 * The newest page of a thread, as fetched, plus what arrived live while it loaded: a message
 * created (the AI's answer, a receipt) between the server reading the page and the answer landing
 * here is not in the page but was already added by its event — dropping it would lose it from the
 * screen until the next reload. Older messages outside the page stay with "load older".
 */
export function mergeLoadedPage(fetched: Message[], shown: Message[]): Message[] {
  const byId = new Map(fetched.map((m) => [m.id, m]))
  const oldest = fetched[0]?.createdAt
  for (const m of shown) {
    const f = byId.get(m.id)
    if (f) byId.set(m.id, { ...f, status: newerStatus(f.status, m.status), insight: f.insight ?? m.insight })
    else if (!oldest || m.createdAt >= oldest) byId.set(m.id, m)
  }
  return [...byId.values()].sort((a, b) => a.createdAt.localeCompare(b.createdAt))
}

/**
 * Newest last message first, ties by id descending: the order of GET /conversations, so a live
 * update and the next page load agree (updatedAt also moves on reads and take-overs).
 */
export function compareConversations(a: ConversationSummary, b: ConversationSummary): number {
  const byTime = (b.lastMessage?.at ?? '').localeCompare(a.lastMessage?.at ?? '')
  return byTime || (b.id < a.id ? -1 : b.id > a.id ? 1 : 0)
}

export const useInboxStore = defineStore('inbox', () => {
  const conversations = ref<ConversationSummary[]>([])
  const nextCursor = ref<string | null>(null)
  const listLoading = ref(false)
  const listLoaded = ref(false)
  const loadingMore = ref(false)
  const listError = ref<unknown>(null)
  const filters = reactive<InboxFilters>({ tag: '', label: '', mode: '', unread: false, q: '', waiting: false, status: 'active', assignee: '', deviceId: '' })
  const threads = reactive<Record<string, Thread>>({})
  /** Summaries of opened conversations, also when the list is filtered and does not hold them. */
  const summaries = reactive<Record<string, ConversationSummary>>({})
  const activeId = ref<string | null>(null)
  let listRequest = 0

  const query = () => ({ tag: filters.tag, label: filters.label, deviceId: filters.deviceId ?? '', mode: filters.mode, unread: filters.unread ? 'true' : '', waiting: filters.waiting ? 'true' : '', q: filters.q.trim(), limit: 30,
    status: filters.status === 'all' ? '' : filters.status ?? '', assignee: filters.assignee ?? '' })

  async function loadList(): Promise<void> {
    const id = ++listRequest
    listLoading.value = !listLoaded.value || conversations.value.length === 0
    listError.value = null
    try {
      const page = await useApi().get<Page<ConversationSummary>>('/conversations', query())
      if (id !== listRequest) return
      conversations.value = page.items
      nextCursor.value = page.nextCursor
      for (const c of page.items) summaries[c.id] = c
      listLoaded.value = true
    } catch (e) {
      if (id === listRequest) listError.value = e
    } finally {
      if (id === listRequest) listLoading.value = false
    }
  }

  async function loadMore(): Promise<void> {
    if (!nextCursor.value || loadingMore.value) return
    loadingMore.value = true
    try {
      const page = await useApi().get<Page<ConversationSummary>>('/conversations', { ...query(), cursor: nextCursor.value })
      const known = new Set(conversations.value.map((c) => c.id))
      conversations.value.push(...page.items.filter((c) => !known.has(c.id)))
      for (const c of page.items) summaries[c.id] = c
      nextCursor.value = page.nextCursor
    } catch (e) {
      listError.value = e
    } finally {
      loadingMore.value = false
    }
  }

  /** A deleted chat leaves the list, its thread and its summary (an open thread shows it is gone). */
  function removeConversation(id: string): void {
    conversations.value = conversations.value.filter((c) => c.id !== id)
    delete threads[id]
    delete summaries[id]
  }

  function upsertConversation(c: ConversationSummary): void {
    summaries[c.id] = c
    const list = conversations.value
    const i = list.findIndex((x) => x.id === c.id)
    const keep = conversationMatches(c, filters, useAuthStore().user?.id) || c.id === activeId.value
    if (i >= 0) {
      if (keep) list.splice(i, 1, c)
      else list.splice(i, 1)
    } else if (keep && listLoaded.value) {
      list.push(c)
    }
    list.sort(compareConversations)
  }

  function thread(id: string): Thread {
    if (!threads[id]) threads[id] = { messages: [], nextCursor: null, loading: false, loadingOlder: false, error: null, loaded: false }
    return threads[id]!
  }

  function addMessage(m: Message): void {
    const t = threads[m.conversationId]
    if (!t) return
    const i = t.messages.findIndex((x) => x.id === m.id)
    if (i >= 0) {
      const old = t.messages[i]!
      t.messages.splice(i, 1, { ...m, status: newerStatus(old.status, m.status), insight: m.insight ?? old.insight })
    } else {
      t.messages.push(m)
      t.messages.sort((a, b) => a.createdAt.localeCompare(b.createdAt))
    }
  }

  async function openThread(id: string): Promise<void> {
    activeId.value = id
    const t = thread(id)
    t.loading = !t.loaded
    t.error = null
    try {
      const [page, summary] = await Promise.all([
        useApi().get<Page<Message>>(`/conversations/${id}/messages`, { limit: 50 }),
        useApi().get<ConversationSummary>(`/conversations/${id}`),
      ])
      t.messages = mergeLoadedPage([...page.items].reverse(), t.messages)
      t.nextCursor = page.nextCursor
      t.loaded = true
      summaries[id] = summary
      if (summary.unreadCount > 0) void markRead(id)
    } catch (e) {
      t.error = e
    } finally {
      t.loading = false
    }
  }

  async function loadOlder(id: string): Promise<void> {
    const t = thread(id)
    if (!t.nextCursor || t.loadingOlder) return
    t.loadingOlder = true
    try {
      const page = await useApi().get<Page<Message>>(`/conversations/${id}/messages`, { limit: 50, cursor: t.nextCursor })
      const known = new Set(t.messages.map((m) => m.id))
      t.messages.unshift(...[...page.items].reverse().filter((m) => !known.has(m.id)))
      t.nextCursor = page.nextCursor
    } finally {
      t.loadingOlder = false
    }
  }

  function closeThread(): void {
    const id = activeId.value
    activeId.value = null
    // The chat stayed in the list while open (e.g. just resolved); back in the list, the view decides.
    const s = id ? summaries[id] : undefined
    if (s) upsertConversation(s)
  }

  async function markRead(id: string): Promise<void> {
    if (!useAuthStore().can('markRead')) return
    const s = summaries[id]
    if (s) upsertConversation({ ...s, unreadCount: 0 })
    try {
      await useApi().post<void>(`/conversations/${id}/read`)
    } catch {
      // Not worth bothering the owner: the badge comes back on the next list load.
    }
  }

  /** Text, or media (`mediaId` from POST /media; `text` is then its caption), a voice note, a reply quoting a message. */
  async function send(id: string, text: string, extra: SendExtras = {}): Promise<Message> {
    const m = await useApi().post<Message>(`/conversations/${id}/messages`, { ...(text ? { text } : {}), ...extra })
    addMessage(m)
    return m
  }

  async function setTakeover(id: string, takeover: boolean): Promise<void> {
    const c = await useApi().post<ConversationSummary>(`/conversations/${id}/${takeover ? 'takeover' : 'handback'}`)
    upsertConversation(c)
  }

  /** Status, snooze or assignee (InboxStatusMenu, InboxAssignMenu). */
  async function changeConversation(id: string, change: { status?: 'open' | 'waiting' | 'resolved'; snoozedUntil?: string | null; assigneeId?: string | null }): Promise<void> {
    upsertConversation(await useApi().patch<ConversationSummary>(`/conversations/${id}`, change))
  }

  async function correctTags(conversationId: string, insightId: string, tags: string[]): Promise<Insight> {
    const insight = await useApi().patch<Insight>(`/conversations/${conversationId}/insights/${insightId}`, { tags })
    const t = threads[conversationId]
    const m = t?.messages.find((x) => x.insight?.id === insightId)
    if (m) m.insight = insight
    return insight
  }

  function reset(): void {
    conversations.value = []
    listLoaded.value = false
    nextCursor.value = null
    activeId.value = null
    for (const k of Object.keys(threads)) delete threads[k]
    for (const k of Object.keys(summaries)) delete summaries[k]
  }

  // Live updates.
  const events = useEventsStore()
  events.on('message.created', ({ conversation, message }) => {
    addMessage(message)
    if (conversation.id === activeId.value && message.direction === 'in' && typeof document !== 'undefined' && document.visibilityState === 'visible') {
      upsertConversation({ ...conversation, unreadCount: 0 })
      void markRead(conversation.id)
    } else {
      upsertConversation(conversation)
    }
  })
  events.on('message.status', ({ conversationId, messageId, status }) => {
    const m = threads[conversationId]?.messages.find((x) => x.id === messageId)
    if (m) m.status = newerStatus(m.status, status)
    const c = summaries[conversationId]
    if (c?.lastMessage && c.lastMessage.direction === 'out') {
      upsertConversation({ ...c, lastMessage: { ...c.lastMessage, status: newerStatus(c.lastMessage.status ?? 'pending', status) } })
    }
  })
  // A media fetch finished (only `media`), or a reaction, edit or delete (the whole message).
  events.on('message.updated', ({ messageId, message, media }) => {
    if (message) {
      addMessage(message)
      return
    }
    if (!media) return
    for (const t of Object.values(threads)) {
      const m = t.messages.find((x) => x.id === messageId)
      if (m) { m.media = media; return }
    }
  })
  events.on('insight.created', ({ conversationId, messageId, insight, conversation }) => {
    const m = threads[conversationId]?.messages.find((x) => x.id === messageId)
    if (m) m.insight = insight
    if (conversation) {
      const unread = conversationId === activeId.value ? 0 : conversation.unreadCount
      upsertConversation({ ...conversation, unreadCount: unread })
    }
  })
  events.on('conversation.updated', (c) => {
    upsertConversation(c.id === activeId.value ? { ...c, unreadCount: 0 } : c)
  })
  events.on('conversation.deleted', ({ conversationId }) => { removeConversation(conversationId) })
  events.onResync(() => {
    if (listLoaded.value) void loadList()
    if (activeId.value) void openThread(activeId.value)
  })
  // Every chat's "what happens next" follows from the AI settings: fetch what is on screen again.
  events.on('ai_config.updated', () => {
    if (listLoaded.value) void loadList()
    const id = activeId.value
    if (id) void useApi().get<ConversationSummary>(`/conversations/${id}`).then((c) => upsertConversation({ ...c, unreadCount: 0 })).catch(() => {})
  })
  events.on('conversation.assigned', ({ conversation }) => {
    upsertConversation(conversation.id === activeId.value ? { ...conversation, unreadCount: 0 } : conversation)
  })
  events.on('conversation.waiting', ({ conversation }) => {
    upsertConversation(conversation.id === activeId.value ? { ...conversation, unreadCount: 0 } : conversation)
  })

  return {
    conversations, nextCursor, listLoading, listLoaded, loadingMore, listError, filters, threads, summaries, activeId,
    loadList, loadMore, openThread, loadOlder, closeThread, markRead, send, setTakeover, changeConversation, correctTags, upsertConversation, removeConversation, thread, reset,
  }
})
