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
import { useLabelsStore } from '../stores/labels'
import { useQuickRepliesStore } from '../stores/quickReplies'
import { isApiError } from '../utils/api-client'

export default defineNuxtPlugin({
  name: 'warta-realtime',
  dependsOn: ['warta-api'],
  setup() {
    const auth = useAuthStore()
    const events = useEventsStore()
    const api = useApi()
    // No live events while a temporary password still has to be replaced (the server refuses too).
    watch(() => (auth.user?.mustChangePassword ? null : auth.accessToken), (token, previous) => {
      if (!token) {
        events.stop()
        // Signed out (or the session ended): nothing of this tenant may stay on screen for the next user.
        if (previous) {
          useInboxStore().reset()
          useDeviceStore().reset()
          useDemoStore().reset()
          useAiConfigStore().reset()
          useLabelsStore().reset()
          useQuickRepliesStore().reset()
        }
        return
      }
      if (!previous) {
        events.start({
          getToken: () => auth.accessToken,
          // A refresh that could not finish (rate limited, server away) is not the end of the
          // session: keep the current token and let the socket retry later.
          renewToken: async () => {
            // Our own password change/reset ended the old session: wait for the new one.
            const switching = auth.sessionSwitch()
            if (switching) {
              await switching.catch(() => {})
              if (auth.accessToken) return auth.accessToken
            }
            let session
            try { session = await api.refresh() } catch { return auth.accessToken }
            if (!session) {
              // The server ended this session (removed from the team, logged out elsewhere, …):
              // show the login page now, not at the next click.
              auth.clear()
              void navigateTo({ path: '/login', query: { expired: '1' } }, { replace: true })
              return null
            }
            return session.accessToken
          },
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
      const renew = () => {
        api.refresh().catch((e: unknown) => {
          // Rate limited or unreachable: try again after the wait, still signed in.
          const wait = isApiError(e) && e.retryAfter ? e.retryAfter * 1000 : 15_000
          timer = setTimeout(renew, wait)
        })
      }
      timer = setTimeout(renew, Math.max(5_000, at - Date.now() - 60_000))
    }, { immediate: true })
  },
})
