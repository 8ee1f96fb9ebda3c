// Owner alerts in a headless browser: records what the page does with browser notifications and
// sound, and lets a test hide the tab (headless Chromium never hides a page by itself). Add it with
// `context.addInitScript(ALERT_PROBE)` and grant the 'notifications' permission for the origin.
import type { Page } from 'playwright-core'

export const ALERT_PROBE = () => {
  const w = window as unknown as Record<string, unknown>
  w.__notes = []
  w.__permissionAsks = 0
  w.__tones = 0
  const Real = window.Notification
  if (Real) {
    class Recording extends Real {
      constructor(title: string, options?: NotificationOptions) {
        super(title, options)
        ;(w.__notes as unknown[]).push({ title, body: options?.body ?? '' })
      }
    }
    Object.defineProperty(Recording, 'permission', { get: () => Real.permission })
    Object.defineProperty(Recording, 'requestPermission', { value: (...args: []) => { (w.__permissionAsks as number)++; return Real.requestPermission(...args) } })
    window.Notification = Recording as unknown as typeof Notification
  }
  Object.defineProperty(Document.prototype, 'visibilityState', { get: () => (w.__hidden ? 'hidden' : 'visible'), configurable: true })
  Object.defineProperty(Document.prototype, 'hidden', { get: () => Boolean(w.__hidden), configurable: true })
  const createOscillator = AudioContext.prototype.createOscillator
  AudioContext.prototype.createOscillator = function (this: AudioContext) { (w.__tones as number)++; return createOscillator.call(this) }
}

/** The notifications the page has shown so far. */
export const notesOf = (page: Page) => page.evaluate(() => (window as unknown as { __notes: Array<{ title: string; body: string }> }).__notes)

/** The owner switches to another app (true) or comes back (false). */
export const setHidden = (page: Page, hidden: boolean) => page.evaluate((h) => {
  (window as unknown as { __hidden: boolean }).__hidden = h
  document.dispatchEvent(new Event('visibilitychange'))
}, hidden)
