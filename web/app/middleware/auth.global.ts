// Every navigation: restore the session once (silent refresh), then keep signed-out visitors on
// the public pages and send them back to where they were going after login.
import { useAuthStore } from '../stores/auth'
import { useSession } from '../composables/useSession'

export default defineNuxtRouteMiddleware(async (to) => {
  const auth = useAuthStore()
  const session = useSession()
  await session.restore()
  // The session could not be restored yet because of a rate limit: wait, do not sign out.
  if (!auth.restored) {
    if (to.path === '/wait') return
    return navigateTo({ path: '/wait', query: { redirect: to.fullPath } }, { replace: true })
  }
  if (to.path === '/wait') return navigateTo(auth.isLoggedIn ? session.homeFor(to.query.redirect) : '/login', { replace: true })

  if (to.meta.public) {
    // A reset link works whoever is signed in on this browser (it signs its own user in).
    if (auth.isLoggedIn && !to.meta.anySession) return navigateTo(session.homeFor(to.query.redirect), { replace: true })
    return
  }
  if (!auth.isLoggedIn) {
    return navigateTo({ path: '/login', query: to.fullPath === '/' ? {} : { redirect: to.fullPath } }, { replace: true })
  }
  // Signed in with a temporary password: a new password comes before anything else.
  if (auth.user?.mustChangePassword) {
    if (to.path !== '/set-password') return navigateTo('/set-password', { replace: true })
    return
  }
  if (to.path === '/set-password') return navigateTo(session.homeFor(), { replace: true })
  if (to.path === '/') return navigateTo(session.homeFor(), { replace: true })
})
