// Opens the events socket while someone is signed in, re-authenticates it when the access token
// is refreshed, and closes it (and forgets the tenant's data) on logout.
import { watch } from 'vue'
import { useAuthStore } from '../stores/auth'
import { useEventsStore } from '../stores/events'
import { useApi } from '../composables/useApi'
import { useInboxStore } from '../stores/inbox'
import { useDeviceStore } from '../stores/device'
import { useDemoStore } from '../stores/demo'
import { useAiConfigStore } from '../stores/aiConfig'

export default defineNuxtPlugin({
  name: 'warta-realtime',
  dependsOn: ['warta-api'],
  setup() {
    const auth = useAuthStore()
    const events = useEventsStore()
    const api = useApi()
    watch(() => auth.accessToken, (token, previous) => {
      if (!token) {
        events.stop()
        // Signed out (or the session ended): nothing of this tenant may stay on screen for the next user.
        if (previous) {
          useInboxStore().reset()
          useDeviceStore().reset()
          useDemoStore().reset()
          useAiConfigStore().reset()
        }
        return
      }
      if (!previous) {
        events.start({
          getToken: () => auth.accessToken,
          renewToken: async () => (await api.refresh())?.accessToken ?? null,
        })
      } else {
        events.reauth(token)
      }
    }, { immediate: true })

    // Refresh a minute before the access token runs out, so the socket never gets dropped for it.
    let timer: ReturnType<typeof setTimeout> | null = null
    watch(() => auth.expiresAt, (at) => {
      if (timer) clearTimeout(timer)
      timer = null
      if (!at) return
      timer = setTimeout(() => { void api.refresh() }, Math.max(5_000, at - Date.now() - 60_000))
    }, { immediate: true })
  },
})
