// Creates the one API client (see composables/useApi.ts) wired to the auth store and the router.
import { createApiClient } from '../utils/api-client'
import { setApiClient } from '../composables/useApi'
import { useAuthStore } from '../stores/auth'
import { useRateLimitStore } from '../stores/rateLimit'

export default defineNuxtPlugin({
  name: 'warta-api',
  setup() {
    const auth = useAuthStore()
    const rateLimit = useRateLimitStore()
    const router = useRouter()
    setApiClient(createApiClient({
      baseUrl: '/api/v1',
      fetch: (input, init) => globalThis.fetch(input, init),
      getToken: () => auth.accessToken,
      onSession: (session) => auth.setSession(session),
      onRateLimited: (seconds) => rateLimit.hit(seconds),
      // One refresh at a time across this browser's tabs (they share the cookie): the next tab
      // then presents the newly rotated token instead of the one just used.
      exclusive: (work) => (typeof navigator !== 'undefined' && navigator.locks ? navigator.locks.request('warta-refresh', work) : work()),
      onSessionLost: () => {
        auth.clear()
        const current = router.currentRoute.value
        if (current.meta.public) return
        // Expired session: back to login, remembering the page.
        void router.replace({ path: '/login', query: { redirect: current.fullPath, expired: '1' } })
      },
    }))
  },
})
