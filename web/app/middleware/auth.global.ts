// Every navigation: restore the session once (silent refresh), then keep signed-out visitors on
// the public pages and send them back to where they were going after login.
import { useAuthStore } from '../stores/auth'
import { useSession } from '../composables/useSession'

export default defineNuxtRouteMiddleware(async (to) => {
  const auth = useAuthStore()
  const session = useSession()
  await session.restore()

  if (to.meta.public) {
    if (auth.isLoggedIn) return navigateTo(session.homeFor(to.query.redirect), { replace: true })
    return
  }
  if (!auth.isLoggedIn) {
    return navigateTo({ path: '/login', query: to.fullPath === '/' ? {} : { redirect: to.fullPath } }, { replace: true })
  }
  if (to.path === '/') return navigateTo(session.homeFor(), { replace: true })
})
