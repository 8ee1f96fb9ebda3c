// Turns API errors into words next to the right field (rules in utils/form-errors.ts), with a
// busy flag for the submit button.
import { reactive, ref } from 'vue'
import { errorMessage, formErrors } from '../utils/form-errors'

export function useErrorMessage() {
  const { t, te } = useI18n()
  return (e: unknown): string => errorMessage(e, { t, te })
}

export function useFormErrors(aliases: Record<string, string> = {}) {
  const { t, te } = useI18n()
  const fields = reactive<Record<string, string>>({})
  const general = ref('')
  const busy = ref(false)

  function clear(): void {
    for (const k of Object.keys(fields)) delete fields[k]
    general.value = ''
  }

  /** Puts a message of the caller's own next to `field` (checks done before any request). */
  function set(field: string, message: string): void {
    fields[field] = message
  }

  function apply(e: unknown): void {
    clear()
    const result = formErrors(e, { t, te }, aliases)
    Object.assign(fields, result.fields)
    general.value = result.general
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

  return { fields, general, busy, clear, set, apply, submit }
}
