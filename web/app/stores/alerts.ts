// Owner alerts (browser notification + a short sound) for new chats, complaints and customers
// kept waiting, while the dashboard is hidden (another tab, minimised, phone locked). Permission
// is only ever asked from the settings toggle (enableNotifications), never on load. Settings are
// per browser (utils/alerts.ts).
import { defineStore } from 'pinia'
import { reactive, ref, watch } from 'vue'
import type { ConversationSummary } from '../types/api'
import { contactLabel } from '../utils/format'
import { readAlertSettings, wants, writeAlertSettings, type AlertKind } from '../utils/alerts'
import { useEventsStore } from './events'

type Permission = NotificationPermission | 'unsupported'
const storage = () => { try { return typeof localStorage === 'undefined' ? null : localStorage } catch { return null } }
const supported = () => typeof window !== 'undefined' && 'Notification' in window

export interface AlertDeps {
  t: (key: string, params?: Record<string, unknown>) => string
  /** Opens a chat in the dashboard (the notification was tapped). */
  open: (path: string) => void
}

export const useAlertsStore = defineStore('alerts', () => {
  const settings = reactive(readAlertSettings(storage()))
  watch(settings, (s) => writeAlertSettings(storage(), s), { deep: true })
  const permission = ref<Permission>(supported() ? Notification.permission : 'unsupported')
  let deps: AlertDeps | null = null
  let audio: AudioContext | null = null

  /** From the settings toggle (a user gesture): asks the browser, and turns notifications on if allowed. */
  async function enableNotifications(): Promise<boolean> {
    if (!supported()) {
      permission.value = 'unsupported'
      return false
    }
    // Asked every time the toggle is switched on: the browser answers at once when it already knows.
    const p = await Notification.requestPermission()
    permission.value = p
    settings.notify = p === 'granted'
    // The same tap lets the page play sound later (browsers block audio until a gesture).
    unlockAudio()
    return settings.notify
  }

  function unlockAudio(): void {
    try {
      audio ??= new AudioContext()
      void audio.resume()
    } catch { /* no Web Audio: alerts stay silent */ }
  }

  /** Two short rising tones, made here so no sound file is fetched. */
  function chime(): void {
    try {
      audio ??= new AudioContext()
      const now = audio.currentTime
      for (const [i, freq] of [880, 1320].entries()) {
        const osc = audio.createOscillator()
        const gain = audio.createGain()
        const start = now + i * 0.14
        osc.frequency.value = freq
        gain.gain.setValueAtTime(0.0001, start)
        gain.gain.exponentialRampToValueAtTime(0.25, start + 0.02)
        gain.gain.exponentialRampToValueAtTime(0.0001, start + 0.13)
        osc.connect(gain).connect(audio.destination)
        osc.start(start)
        osc.stop(start + 0.14)
      }
    } catch { /* audio blocked or unavailable */ }
  }

  function show(title: string, body: string, conversationId: string): void {
    const path = `/inbox/${conversationId}`
    // One notification per chat: a newer one replaces it instead of stacking.
    const options: NotificationOptions = { body, tag: `warta-${conversationId}`, icon: '/icons/icon-192.png', data: { path } }
    try {
      const n = new Notification(title, options)
      n.onclick = () => { window.focus(); deps?.open(path); n.close() }
    } catch {
      // Chrome on Android shows notifications only through the service worker (sw.js opens the chat).
      void navigator.serviceWorker?.ready.then((reg) => reg.showNotification(title, options)).catch(() => {})
    }
  }

  function alert(kind: AlertKind, title: string, body: string, conversationId: string): void {
    if (typeof document === 'undefined' || document.visibilityState !== 'hidden' || !wants(settings, kind)) return
    if (settings.sound) chime()
    if (settings.notify && supported() && Notification.permission === 'granted') show(title, body, conversationId)
  }

  const name = (c: ConversationSummary) => contactLabel(c.contact)
  const short = (s: string | null | undefined) => (s ?? '').slice(0, 140)

  function start(d: AlertDeps): void {
    if (deps) return
    deps = d
    const events = useEventsStore()
    // A chat that had nothing unread gets a customer message: someone new is waiting.
    events.on('message.created', ({ conversation, message }) => {
      if (message.direction !== 'in' || conversation.unreadCount !== 1) return
      alert('newChat', d.t('alerts.newChat', { name: name(conversation) }), short(message.body), conversation.id)
    })
    events.on('insight.created', ({ insight, conversation }) => {
      if (insight.mode !== 'complaint' || !conversation) return
      alert('complaint', d.t('alerts.complaint', { name: name(conversation) }), short(insight.summary), conversation.id)
    })
    // Sent by the worker when a customer has waited too long for the shop's answer.
    // (A threshold under a minute says "menunggu jawaban Anda", never "menunggu jawaban 0 menit".)
    events.on('conversation.waiting', ({ conversation, waitingMinutes }) => {
      const title = d.t(waitingMinutes < 1 ? 'alerts.waitingNow' : 'alerts.waiting', { name: name(conversation), minutes: waitingMinutes })
      alert('waiting', title, short(conversation.lastMessage?.body), conversation.id)
    })
  }

  return { settings, permission, enableNotifications, unlockAudio, chime, start }
})
