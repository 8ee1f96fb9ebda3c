// A form's draft that server values never overwrite (rules in utils/draft.ts). Every settings
// form uses it instead of copying the store into the form on each change.
//
//   const { draft, commit } = useDraft(EMPTY, () => store.config && fieldsOf(store.config), { persist: 'profile' })
//   … await store.save(toPatch(snapshot)); commit(snapshot)
//
// `persist` keeps the draft across a reload (localStorage, per tenant) until it is saved or
// discarded; leave it out for forms holding secrets (the AI form's API key).
import { computed, reactive, ref, watch } from 'vue'
import { adoptUntouched, clone, draftKey, isDirty, readStoredDraft, removeStoredDraft, writeStoredDraft, type Fields } from '../utils/draft'
import { useAuthStore } from '../stores/auth'

interface Stored<T> { draft: T; base: T }

export function useDraft<T extends Fields>(initial: T, source: () => T | null | undefined, opts: { persist?: string } = {}) {
  const auth = useAuthStore()
  const key = opts.persist && auth.tenant ? draftKey(auth.tenant.id, opts.persist) : null
  const stored = key ? readStoredDraft<Stored<T>>(key) : null
  const draft = reactive(clone(stored?.draft ?? initial)) as T
  const base = ref(clone(stored?.base ?? initial)) as { value: T }
  /** The server values have arrived at least once. */
  const ready = ref(false)

  function adopt(incoming: T): void {
    adoptUntouched(draft, base.value, incoming)
    base.value = clone(incoming)
    ready.value = true
  }

  watch(source, (incoming) => { if (incoming) adopt(incoming) }, { immediate: true, deep: true })

  const dirty = computed(() => isDirty(draft, base.value))
  if (key) {
    watch(() => JSON.stringify([draft, base.value]), () => {
      if (dirty.value) writeStoredDraft(key, { draft, base: base.value })
      else removeStoredDraft(key)
    })
  }

  /** The values to send, frozen at submit time (the person may keep typing while it saves). */
  const snapshot = (): T => clone(draft) as T

  /**
   * After a successful save of `submitted`: fields still showing what was sent take the server's
   * values (which may be normalised); anything typed during the save is kept.
   */
  function commit(submitted: T): void {
    base.value = clone(submitted)
    const current = source()
    if (current) adopt(current)
    if (key && !dirty.value) removeStoredDraft(key)
  }

  /** Throws the person's changes away and shows the server values again. */
  function discard(): void {
    const current = source()
    if (!current) return
    Object.assign(draft, clone(current))
    base.value = clone(current)
    if (key) removeStoredDraft(key)
  }

  return { draft, dirty, ready, snapshot, commit, discard }
}
