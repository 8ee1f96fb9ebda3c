// Owner alerts while the dashboard is in another tab or minimised: which events alert, the tab
// title with the unread count, and the settings kept per browser (each device decides for itself).
// Pure parts, unit-tested in test/unit/alerts.test.ts.

export interface AlertSettings {
  /** Browser notifications (needs the browser's permission, asked from the settings toggle only). */
  notify: boolean
  /** A short sound with each alert. */
  sound: boolean
  newChats: boolean
  complaints: boolean
  waiting: boolean
}

export const DEFAULT_ALERTS: AlertSettings = { notify: false, sound: true, newChats: true, complaints: true, waiting: true }

const KEY = 'warta:alerts'

export function readAlertSettings(storage: Pick<Storage, 'getItem'> | null): AlertSettings {
  try {
    const raw = storage?.getItem(KEY)
    if (!raw) return { ...DEFAULT_ALERTS }
    const saved = JSON.parse(raw) as Partial<AlertSettings>
    const out = { ...DEFAULT_ALERTS }
    for (const k of Object.keys(DEFAULT_ALERTS) as (keyof AlertSettings)[]) if (typeof saved[k] === 'boolean') out[k] = saved[k]
    return out
  } catch {
    return { ...DEFAULT_ALERTS }
  }
}

export function writeAlertSettings(storage: Pick<Storage, 'setItem'> | null, s: AlertSettings): void {
  try {
    storage?.setItem(KEY, JSON.stringify(s))
  } catch { /* storage blocked: the setting lasts for this page */ }
}

/** "(3) Kotak Masuk · Warta": the number of chats with unread messages, like WhatsApp Web. */
export function titleWithUnread(title: string, unreadChats: number): string {
  const bare = title.replace(/^\(\d+\+?\) /, '')
  if (unreadChats <= 0) return bare
  return `(${unreadChats > 99 ? '99+' : unreadChats}) ${bare}`
}

export type AlertKind = 'newChat' | 'complaint' | 'waiting'

const SETTING_OF: Record<AlertKind, keyof AlertSettings> = { newChat: 'newChats', complaint: 'complaints', waiting: 'waiting' }

/** Whether an event of `kind` alerts with these settings (at all: the caller checks visibility). */
export function wants(s: AlertSettings, kind: AlertKind): boolean {
  return s[SETTING_OF[kind]] as boolean
}
