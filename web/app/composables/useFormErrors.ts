// Turns API errors into words next to the right field: `details[].path` → that field, known
// codes → translated messages (errors.<code>), everything else → one line above the button.
import { reactive, ref } from 'vue'
import { isApiError, type ApiError, type ApiErrorDetail } from '../utils/api-client'

/** Codes that belong to one field although the server sends no `details`. */
const CODE_FIELD: Record<string, string> = {
  'auth.email_taken': 'email',
  'team.email_taken': 'email',
  'device.invalid_phone': 'phoneNumber',
}

export function useErrorMessage() {
  const { t, te } = useI18n()
  return (e: unknown): string => {
    if (!isApiError(e)) return t('errors.unknown')
    if (e.status === 0) return t('errors.network')
    if (te(`errors.${e.code}`)) return t(`errors.${e.code}`)
    if (e.status === 403) return t('errors.auth.forbidden')
    if (e.status >= 500) return t('errors.internal')
    return e.message || t('errors.unknown')
  }
}

export function useFormErrors(aliases: Record<string, string> = {}) {
  const { t, te } = useI18n()
  const message = useErrorMessage()
  const fields = reactive<Record<string, string>>({})
  const general = ref('')
  const busy = ref(false)

  function detailMessage(d: ApiErrorDetail): string {
    return te(`validation.${d.code}`) ? t(`validation.${d.code}`) : d.message
  }

  function clear(): void {
    for (const k of Object.keys(fields)) delete fields[k]
    general.value = ''
  }

  function apply(e: unknown): void {
    clear()
    if (!isApiError(e)) {
      general.value = message(e)
      return
    }
    const err = e as ApiError
    for (const d of err.details) {
      const key = aliases[d.path] ?? d.path
      if (!fields[key]) fields[key] = detailMessage(d)
    }
    const field = CODE_FIELD[err.code]
    if (field) fields[aliases[field] ?? field] = message(err)
    if (Object.keys(fields).length === 0) general.value = message(err)
  }

  /** Runs `fn` with the busy flag; on failure fills the errors and resolves to undefined. */
  async function submit<T>(fn: () => Promise<T>): Promise<T | undefined> {
    busy.value = true
    clear()
    try {
      return await fn()
    } catch (e) {
      apply(e)
      return undefined
    } finally {
      busy.value = false
    }
  }

  return { fields, general, busy, clear, apply, submit }
}
