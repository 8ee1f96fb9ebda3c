// "Too many attempts": set whenever the server answers 429 (anywhere: login, a refresh, a button),
// so one notice can say how long to wait. A rate limit is never shown as a logout.
import { defineStore } from 'pinia'
import { ref } from 'vue'

export const useRateLimitStore = defineStore('rateLimit', () => {
  /** When the wait is over (ms since epoch), or null. */
  const until = ref<number | null>(null)

  function hit(retryAfterSeconds: number, now = Date.now()): void {
    const next = now + Math.max(1, retryAfterSeconds) * 1000
    if (!until.value || next > until.value) until.value = next
  }

  function secondsLeft(now = Date.now()): number {
    return until.value ? Math.max(0, Math.ceil((until.value - now) / 1000)) : 0
  }

  function clear(): void { until.value = null }

  /** Resolves when the current wait is over. */
  function wait(): Promise<void> {
    const ms = until.value ? until.value - Date.now() : 0
    return new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)))
  }

  return { until, hit, secondsLeft, clear, wait }
})
