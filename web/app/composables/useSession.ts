// Sign-in flows: register, log in, log out, and the silent refresh that restores a session when
// the app starts (the refresh token is an httpOnly cookie, so a reload keeps you signed in).
import type { Session, Tenant } from '../types/api'
import { useAuthStore } from '../stores/auth'
import { isApiError } from '../utils/api-client'
import { useApi } from './useApi'
import { clearStoredDrafts } from '../utils/draft'

let restoring: Promise<void> | null = null

export function useSession() {
  const api = useApi()
  const auth = useAuthStore()

  /**
   * Runs once per page load; later calls wait for the same attempt. A 429 is not "signed out":
   * `auth.restored` stays false, so the middleware shows the waiting page (pages/wait.vue), which
   * tries again when the wait is over.
   */
  function restore(): Promise<void> {
    if (auth.restored) return Promise.resolve()
    if (!restoring) {
      restoring = api.refresh().then(
        () => { auth.restored = true },
        (e: unknown) => { if (!isApiError(e) || !e.rateLimited) auth.restored = true },
      ).finally(() => { restoring = null })
    }
    return restoring
  }

  /** Replaces the password; the server ends every other session and hands back a new one. */
  async function changePassword(newPassword: string, currentPassword?: string): Promise<Session> {
    const session = await auth.switchSession(api.post<Session>('/auth/password', { newPassword, ...(currentPassword ? { currentPassword } : {}) }))
    auth.setSession(session)
    return session
  }

  /** Uses a reset link's token: a new password and a new session. */
  async function resetPassword(token: string, newPassword: string): Promise<Session> {
    const session = await auth.switchSession(api.post<Session>('/auth/password-reset', { token, newPassword }))
    auth.setSession(session)
    return session
  }

  async function login(email: string, password: string): Promise<Session> {
    const session = await api.post<Session>('/auth/login', { email, password })
    auth.setSession(session)
    return session
  }

  async function register(input: { businessName: string; email: string; password: string; name?: string }): Promise<Session> {
    const session = await api.post<Session>('/auth/register', input)
    auth.setSession(session)
    return session
  }

  async function logout(): Promise<void> {
    try {
      await api.post('/auth/logout')
    } catch {
      // The cookie may already be gone; signing out locally is what matters.
    }
    // Signing out on a shared shop phone must not leave the last person's unsent replies behind.
    clearStoredDrafts()
    auth.clear()
    await navigateTo('/login')
  }

  async function markOnboarded(): Promise<void> {
    const tenant = await api.post<Tenant>('/tenant/onboarded')
    auth.setTenant(tenant)
  }

  /** Where to go after signing in: the remembered page, else onboarding (not yet done) or the inbox. */
  function homeFor(redirect?: unknown): string {
    if (auth.user?.mustChangePassword) return '/set-password'
    if (typeof redirect === 'string' && redirect.startsWith('/') && !redirect.startsWith('//') && !redirect.startsWith('/login')) return redirect
    if (auth.tenant && !auth.tenant.onboarded && auth.can('onboard')) return '/onboarding'
    return '/inbox'
  }

  return { restore, login, register, logout, markOnboarded, homeFor, changePassword, resetPassword }
}
