// useDraft in plain Node (Vue's reactivity and Pinia, no DOM): server values never overwrite what
// the person typed, a save adopts the server's answer, and the draft survives a reload.
import { createPinia, setActivePinia } from 'pinia'
import { beforeEach, describe, expect, it } from 'vitest'
import { nextTick, ref } from 'vue'
import { useDraft } from '~/composables/useDraft'
import { useAuthStore } from '~/stores/auth'

class MemoryStorage {
  private m = new Map<string, string>()
  get length() { return this.m.size }
  key(i: number) { return [...this.m.keys()][i] ?? null }
  getItem(k: string) { return this.m.get(k) ?? null }
  setItem(k: string, v: string) { this.m.set(k, v) }
  removeItem(k: string) { this.m.delete(k) }
  clear() { this.m.clear() }
}

type Profile = { about: string; hours: string }
const EMPTY: Profile = { about: '', hours: '' }

beforeEach(() => {
  setActivePinia(createPinia())
  ;(globalThis as { localStorage?: Storage }).localStorage = new MemoryStorage() as unknown as Storage
  useAuthStore().setSession({
    accessToken: 't', expiresIn: 900, user: { id: 'u', email: 'a@b.c', name: 'A', role: 'owner', mustChangePassword: false },
    tenant: { id: 'tenant-1', name: 'Kopi Senja', timezone: 'Asia/Jakarta', onboarded: false },
  })
})

describe('useDraft', () => {
  it('keeps typed fields when the server values are replaced, and takes the untouched ones', async () => {
    const server = ref<Profile | null>(null)
    const { draft, dirty } = useDraft(EMPTY, () => server.value && { ...server.value })
    server.value = { about: '', hours: '' }
    await nextTick()
    draft.about = 'Kopi susu dan roti bakar'
    expect(dirty.value).toBe(true)
    // The price list import replaced the whole settings object; the profile part is unchanged.
    server.value = { about: '', hours: '' }
    await nextTick()
    expect(draft.about).toBe('Kopi susu dan roti bakar')
    // Another device saved the hours meanwhile: this form shows them, since nobody typed there.
    server.value = { about: '', hours: '08.00–21.00' }
    await nextTick()
    expect(draft).toEqual({ about: 'Kopi susu dan roti bakar', hours: '08.00–21.00' })
  })

  it('after a save, shows what the server stored, but keeps what was typed during the save', async () => {
    const server = ref<Profile | null>({ about: '', hours: '' })
    const { draft, snapshot, commit, dirty } = useDraft(EMPTY, () => server.value && { ...server.value })
    await nextTick()
    draft.about = '  Kopi  '
    const sent = snapshot()
    draft.hours = '09.00' // typed while the request runs
    server.value = { about: 'Kopi', hours: '' } // the server trimmed it
    commit(sent)
    await nextTick()
    expect(draft).toEqual({ about: 'Kopi', hours: '09.00' })
    expect(dirty.value).toBe(true)
  })

  it('survives a reload when asked to, per tenant, until it is saved', async () => {
    const server = ref<Profile | null>({ about: '', hours: '' })
    const first = useDraft(EMPTY, () => server.value && { ...server.value }, { persist: 'profile' })
    await nextTick()
    first.draft.about = 'Kopi susu'
    await nextTick()
    expect(localStorage.getItem('warta:draft:tenant-1:profile')).toContain('Kopi susu')

    // "Reload": a new form, the server still empty.
    const second = useDraft(EMPTY, () => server.value && { ...server.value }, { persist: 'profile' })
    await nextTick()
    expect(second.draft.about).toBe('Kopi susu')
    const sent = second.snapshot()
    server.value = { ...sent }
    second.commit(sent)
    await nextTick()
    expect(localStorage.getItem('warta:draft:tenant-1:profile')).toBeNull()
  })
})
