// The tenant's WhatsApp link: status, the live QR (replaced on every session.qr event) and the
// commands of the Device page. State changes arrive as session.state events, so "Connected"
// shows up by itself when the phone scans.
import { defineStore } from 'pinia'
import { ref } from 'vue'
import type { DeviceStatus, Qr } from '../types/api'
import { useApi } from '../composables/useApi'
import { useEventsStore } from './events'

export const useDeviceStore = defineStore('device', () => {
  const status = ref<DeviceStatus | null>(null)
  const loading = ref(false)
  const error = ref<unknown>(null)
  const pairCode = ref<string | null>(null)

  const events = useEventsStore()
  events.on('session.qr', (qr: Qr) => {
    if (!status.value) return
    status.value = { ...status.value, qr, state: status.value.state === 'connected' ? 'connected' : 'qr' }
  })
  events.on('session.state', (s) => {
    const keepQr = s.state === 'qr' ? status.value?.qr ?? null : null
    status.value = { ...(status.value ?? { demo: false }), ...s, qr: keepQr } as DeviceStatus
    if (s.state === 'connected') pairCode.value = null
  })
  events.onResync(() => { if (status.value) void load() })

  async function load(): Promise<void> {
    loading.value = !status.value
    error.value = null
    try {
      status.value = await useApi().get<DeviceStatus>('/device/status')
    } catch (e) {
      error.value = e
    } finally {
      loading.value = false
    }
  }

  async function run(path: string, body?: unknown): Promise<void> {
    const next = await useApi().post<DeviceStatus>(path, body)
    // The answer may race with a newer session.qr event; never replace a live QR with null.
    status.value = { ...next, qr: next.qr ?? (next.state === 'qr' ? status.value?.qr ?? null : null) }
  }

  const connect = () => { pairCode.value = null; return run('/device/connect') }
  const disconnect = () => run('/device/disconnect')
  const logout = () => { pairCode.value = null; return run('/device/logout') }

  async function requestPairCode(phoneNumber: string): Promise<string> {
    const { code } = await useApi().post<{ code: string }>('/device/pair-code', { phoneNumber })
    pairCode.value = code
    return code
  }

  function reset(): void {
    status.value = null
    pairCode.value = null
  }

  return { status, loading, error, pairCode, load, connect, disconnect, logout, requestPairCode, reset }
})
