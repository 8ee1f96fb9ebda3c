// Remembers the owner's language choice (localStorage + cookie) and restores it on start.
// The default is Bahasa Indonesia; the browser language is deliberately ignored.
import { LOCALE_KEY } from '../utils/locale'

export default defineNuxtPlugin({
  name: 'warta-locale',
  dependsOn: ['i18n:plugin'],
  async setup(nuxtApp) {
    const i18n = nuxtApp.$i18n as { locale: { value: string }; setLocale: (l: string) => Promise<void> }
    let saved: string | null = null
    try { saved = localStorage.getItem(LOCALE_KEY) } catch { /* private mode */ }
    if (!saved) saved = document.cookie.match(/(?:^|; )warta_locale=(id|en)/)?.[1] ?? null
    if ((saved === 'id' || saved === 'en') && saved !== i18n.locale.value) await i18n.setLocale(saved)
    document.documentElement.lang = i18n.locale.value
  },
})
