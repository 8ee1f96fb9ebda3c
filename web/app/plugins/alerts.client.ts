// Owner alerts and the tab title: starts the alerts (stores/alerts.ts) and prefixes the title with
// the number of chats holding unread messages ("(2) Kotak Masuk · Warta"), so a background tab
// says there is something to answer.
import { computed, watch } from 'vue'
import { useAlertsStore } from '../stores/alerts'
import { useAuthStore } from '../stores/auth'
import { useInboxStore } from '../stores/inbox'
import { titleWithUnread } from '../utils/alerts'

export default defineNuxtPlugin({
  name: 'warta-alerts',
  dependsOn: ['warta-realtime'],
  setup(nuxtApp) {
    const router = useRouter()
    const auth = useAuthStore()
    const inbox = useInboxStore()
    const { t } = nuxtApp.$i18n as { t: (key: string, params?: Record<string, unknown>) => string }
    useAlertsStore().start({ t: (key, params) => t(key, params ?? {}), open: (path) => { void router.push(path) } })

    // The count needs the conversations; outside the inbox page nothing else loads them.
    watch(() => auth.isLoggedIn, (inside) => { if (inside && !inbox.listLoaded) void inbox.loadList() }, { immediate: true })
    const unreadChats = computed(() => (auth.isLoggedIn ? Object.values(inbox.summaries).filter((c) => c.unreadCount > 0).length : 0))
    useHead(() => {
      const n = unreadChats.value // read here, so the head updates when the count does
      return { titleTemplate: (title?: string) => titleWithUnread(title || 'Warta', n) }
    })
  },
})
