// The tenant's WhatsApp link: status, the live QR (replaced on every session.qr event) and the
// commands of the Device page. State changes arrive as session.state events, so "Connected"
// shows up by itself when the phone scans.
import { defineStore } from 'pinia'
import { computed, ref } from 'vue'
import type { DeviceStatus, Qr } from '../types/api'
import { useApi } from '../composables/useApi'
import { useEventsStore } from './events'

export const useDeviceStore = defineStore('device', () => {
  const status = ref<DeviceStatus | null>(null)
  const loading = ref(false)
  const error = ref<unknown>(null)
  /** The live pairing code: the server keeps it, so it is back after a reload. */
  const pairCode = computed(() => (status.value?.state === 'qr' && status.value.pairingMode === 'code' ? status.value.pairingCode?.code ?? null : null))

  const events = useEventsStore()
  events.on('session.qr', (qr: Qr) => {
    if (!status.value || status.value.state === 'connected') return
    // A QR means QR mode: any earlier code is gone.
    status.value = { ...status.value, qr, state: 'qr', pairingMode: 'qr', pairingCode: null }
  })
  events.on('session.state', (s) => {
    // In code mode there is no QR to keep (it could not link the device).
    const keepQr = s.state === 'qr' && s.pairingMode !== 'code' ? status.value?.qr ?? null : null
    status.value = { ...(status.value ?? { demo: false }), ...s, qr: keepQr } as DeviceStatus
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

  const connect = () => run('/device/connect')
  const disconnect = () => run('/device/disconnect')
  const logout = () => run('/device/logout')

  /** Asks for a code for `phoneNumber`; the same number again gets the live code. */
  async function requestPairCode(phoneNumber: string): Promise<string> {
    const { code } = await useApi().post<{ code: string }>('/device/pair-code', { phoneNumber })
    await load() // the code's number and expiry, as a reload would show them
    return code
  }

  function reset(): void {
    status.value = null
  }

  return { status, loading, error, pairCode, load, connect, disconnect, logout, requestPairCode, reset }
})
