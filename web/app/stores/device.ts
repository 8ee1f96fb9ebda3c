// The link of one of the shop's WhatsApp numbers (the one chosen on the Device page; the first
// number until one is chosen, through /device): status, the live QR (replaced on every
// session.qr event of that number) and its commands. State changes arrive as session.state
// events, so "Connected" shows up by itself when the phone scans.
import { defineStore } from 'pinia'
import { computed, ref } from 'vue'
import type { DeviceStatus, Qr } from '../types/api'
import { useApi } from '../composables/useApi'
import { useEventsStore } from './events'

export const useDeviceStore = defineStore('device', () => {
  const status = ref<DeviceStatus | null>(null)
  /** The number shown; null = the first number (/device). */
  const selectedId = ref<string | null>(null)
  const base = () => (selectedId.value ? `/devices/${selectedId.value}` : '/device')
  /** Events of another number are not this panel's. */
  const other = (deviceId: string | undefined) => !!deviceId && !!status.value && status.value.deviceId !== deviceId
  const loading = ref(false)
  const error = ref<unknown>(null)
  /** The live pairing code: the server keeps it, so it is back after a reload. */
  const pairCode = computed(() => (status.value?.state === 'qr' && status.value.pairingMode === 'code' ? status.value.pairingCode?.code ?? null : null))

  const events = useEventsStore()
  events.on('session.qr', (qr: Qr & { deviceId?: string }) => {
    if (!status.value || status.value.state === 'connected' || other(qr.deviceId)) return
    // A QR means QR mode: any earlier code is gone.
    status.value = { ...status.value, qr, state: 'qr', pairingMode: 'qr', pairingCode: null }
  })
  events.on('session.state', (s) => {
    if (other((s as { deviceId?: string }).deviceId)) return
    // In code mode there is no QR to keep (it could not link the device).
    const keepQr = s.state === 'qr' && s.pairingMode !== 'code' ? status.value?.qr ?? null : null
    status.value = { ...(status.value ?? { demo: false }), ...s, qr: keepQr } as DeviceStatus
  })
  events.onResync(() => { if (status.value) void load() })

  async function load(): Promise<void> {
    loading.value = !status.value
    error.value = null
    try {
      status.value = await useApi().get<DeviceStatus>(`${base()}/status`)
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

  const connect = () => run(`${base()}/connect`)
  const disconnect = () => run(`${base()}/disconnect`)
  const logout = () => run(`${base()}/logout`)

  /** Shows another number (its status loads at once). */
  async function select(id: string | null): Promise<void> {
    if (id === selectedId.value && status.value) return
    selectedId.value = id
    status.value = null
    await load()
  }

  /** Asks for a code for `phoneNumber`; the same number again gets the live code. */
  async function requestPairCode(phoneNumber: string): Promise<string> {
    const { code } = await useApi().post<{ code: string }>(`${base()}/pair-code`, { phoneNumber })
    await load() // the code's number and expiry, as a reload would show them
    return code
  }

  function reset(): void {
    status.value = null
    selectedId.value = null
  }

  return { status, selectedId, loading, error, pairCode, load, select, connect, disconnect, logout, requestPairCode, reset }
})
