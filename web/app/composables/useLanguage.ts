// The Bahasa/English switch: changes the UI language and remembers it.
import { LOCALE_KEY } from '../utils/locale'

export function useLanguage() {
  const { locale, setLocale } = useI18n()

  async function set(code: 'id' | 'en'): Promise<void> {
    await setLocale(code)
    try { localStorage.setItem(LOCALE_KEY, code) } catch { /* private mode */ }
    document.cookie = `warta_locale=${code}; path=/; max-age=31536000; SameSite=Lax`
    document.documentElement.lang = code
  }

  return { locale, set, toggle: () => set(locale.value === 'id' ? 'en' : 'id') }
}
