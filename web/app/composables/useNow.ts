// A clock ref that ticks every `ms` while the component lives (countdowns, "due in").
import { onBeforeUnmount, onMounted, ref } from 'vue'

export function useNow(ms = 1000) {
  const now = ref(Date.now())
  let timer: ReturnType<typeof setInterval> | null = null
  onMounted(() => { timer = setInterval(() => { now.value = Date.now() }, ms) })
  onBeforeUnmount(() => { if (timer) clearInterval(timer) })
  return now
}
