// Who is signed in: the access token (memory only — never localStorage; the refresh token is an
// httpOnly cookie the page cannot read), the user and the tenant.
import { defineStore } from 'pinia'
import { computed, ref } from 'vue'
import type { Session, Tenant, User } from '../types/api'
import { roleCan, type Action } from '../utils/permissions'

export const useAuthStore = defineStore('auth', () => {
  const accessToken = ref<string | null>(null)
  const expiresAt = ref<number | null>(null)
  const user = ref<User | null>(null)
  const tenant = ref<Tenant | null>(null)
  /** The start-up refresh has run (whatever its outcome). */
  const restored = ref(false)
  /**
   * A password change or reset is replacing this session: the server ends the old one (its socket
   * closes at once) and answers with the new one. Until then nothing may conclude "signed out".
   */
  let switching: Promise<unknown> | null = null
  function switchSession<T>(work: Promise<T>): Promise<T> {
    const current = work.finally(() => { if (switching === current) switching = null })
    switching = current
    return work
  }
  const sessionSwitch = () => switching

  const isLoggedIn = computed(() => accessToken.value !== null && user.value !== null)
  const role = computed(() => user.value?.role ?? null)
  const timezone = computed(() => tenant.value?.timezone || 'Asia/Jakarta')

  function setSession(session: Session, now = Date.now()): void {
    accessToken.value = session.accessToken
    expiresAt.value = now + session.expiresIn * 1000
    user.value = session.user
    tenant.value = session.tenant
  }

  function setTenant(t: Tenant): void {
    tenant.value = t
  }

  function clear(): void {
    accessToken.value = null
    expiresAt.value = null
    user.value = null
    tenant.value = null
  }

  function can(action: Action): boolean {
    return roleCan(role.value, action)
  }

  return { accessToken, expiresAt, user, tenant, restored, isLoggedIn, role, timezone, setSession, setTenant, clear, can, switchSession, sessionSwitch }
})
