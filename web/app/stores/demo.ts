// Demo mode (server started with WARTA_DEMO=1): the phone and the customers are simulated.
import { defineStore } from 'pinia'
import { ref } from 'vue'
import { useApi } from '../composables/useApi'
import { isApiError } from '../utils/api-client'

export const useDemoStore = defineStore('demo', () => {
  const enabled = ref(false)
  const checked = ref(false)

  async function check(): Promise<void> {
    if (checked.value) return
    try {
      const res = await useApi().get<{ enabled: boolean }>('/demo')
      enabled.value = res?.enabled === true
      checked.value = true
    } catch (e) {
      // 404: not a demo server. Anything else: try again next time.
      if (isApiError(e) && e.status === 404) checked.value = true
      enabled.value = false
    }
  }

  /** A new simulated phone scans the QR of the number `deviceId` (the first number when absent). */
  const scan = (deviceId?: string) => useApi().post<void>('/demo/scan', deviceId ? { deviceId } : undefined)
  /** The simulated phone types the pairing code the number shows. */
  const enterCode = (deviceId?: string) => useApi().post<void>('/demo/enter-code', deviceId ? { deviceId } : undefined)
  /** A simulated customer writes to the shop: to its number `deviceId` (the first when absent). */
  const writeAsCustomer = (text: string, customerName?: string, deviceId?: string) =>
    useApi().post<void>('/demo/customer-message', { text, ...(customerName ? { customerName } : {}), ...(deviceId ? { deviceId } : {}) })

  function reset(): void {
    enabled.value = false
    checked.value = false
  }

  /** The simulated customer sends a sample photo (a "bukti transfer", `text` its caption) or voice note, to the number `deviceId` (the first when absent). */
  const sendAsCustomer = (kind: 'photo' | 'voice', text?: string, customerName?: string, deviceId?: string) =>
    useApi().post<void>('/demo/customer-media', {
      kind, ...(kind === 'photo' && text ? { caption: text } : {}), ...(customerName ? { customerName } : {}), ...(deviceId ? { deviceId } : {}),
    })
  return { enabled, checked, check, scan, enterCode, writeAsCustomer, sendAsCustomer, reset }
})
