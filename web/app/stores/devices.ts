// The shop's WhatsApp numbers ("Nomor WhatsApp"): the list with each number's state (kept live
// by session.state events, which name their number), and adding, renaming and removing numbers.
// The linking of one number (QR, code) is the device store's.
import { defineStore } from 'pinia'
import { computed, ref } from 'vue'
import type { Device, DeviceStatus } from '../types/api'
import { useApi } from '../composables/useApi'
import { useEventsStore } from './events'

export const useDevicesStore = defineStore('devices', () => {
  const items = ref<Device[]>([])
  const loaded = ref(false)
  const error = ref<unknown>(null)
  /** Chips and the number filter only mean something once the shop has two numbers. */
  const several = computed(() => items.value.length >= 2)

  const events = useEventsStore()
  events.on('session.state', (s: Partial<DeviceStatus> & { deviceId?: string }) => {
    const d = items.value.find((x) => x.id === s.deviceId)
    if (d) d.status = { ...d.status, ...s } as DeviceStatus
  })
  events.onResync(() => { if (loaded.value) void load() })

  async function load(): Promise<void> {
    error.value = null
    try {
      items.value = (await useApi().get<{ items: Device[] }>('/devices')).items
      loaded.value = true
    } catch (e) {
      error.value = e
    }
  }

  async function add(name: string): Promise<Device> {
    const created = await useApi().post<Device>('/devices', { name })
    items.value = [...items.value, created]
    return created
  }

  async function rename(id: string, name: string): Promise<void> {
    const updated = await useApi().patch<Device>(`/devices/${id}`, { name })
    items.value = items.value.map((d) => (d.id === id ? updated : d))
  }

  async function remove(id: string): Promise<void> {
    await useApi().del(`/devices/${id}`)
    items.value = items.value.filter((d) => d.id !== id)
  }

  const byId = (id: string | undefined | null) => items.value.find((d) => d.id === id)

  function reset(): void {
    items.value = []
    loaded.value = false
  }

  return { items, loaded, error, several, load, add, rename, remove, byId, reset }
})
