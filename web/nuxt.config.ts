import tailwindcss from '@tailwindcss/vite'

// Warta dashboard: a static SPA (nuxt generate → .output/public) served by the API server.
// Nothing here may reach the internet at build or run time (no remote fonts or icon providers).
export default defineNuxtConfig({
  ssr: false,
  compatibilityDate: '2026-11-01',
  devtools: { enabled: false },
  telemetry: false,
  // nuxt 4.4.5 + ssr:false: `nuxt dev` crashes (nuxt/nuxt#34957, #35072) without this
  experimental: { viteEnvironmentApi: true },
  modules: ['@pinia/nuxt', '@nuxtjs/i18n'],
  css: ['~/assets/css/main.css'],
  vite: { plugins: [tailwindcss()] },
  app: {
    head: {
      htmlAttrs: { lang: 'id' },
      title: 'Warta',
      meta: [
        { name: 'viewport', content: 'width=device-width, initial-scale=1, viewport-fit=cover' },
        { name: 'theme-color', content: '#0b8a5f' },
        { name: 'mobile-web-app-capable', content: 'yes' },
      ],
      link: [
        { rel: 'icon', type: 'image/svg+xml', href: '/favicon.svg' },
        // Installable on a phone (public/manifest.webmanifest, icons from scripts/make-icons.mjs).
        { rel: 'manifest', href: '/manifest.webmanifest' },
        { rel: 'apple-touch-icon', href: '/icons/apple-touch-icon.png' },
      ],
    },
  },
  i18n: {
    defaultLocale: 'id',
    strategy: 'no_prefix',
    locales: [
      { code: 'id', language: 'id-ID', name: 'Bahasa', file: 'id.json' },
      { code: 'en', language: 'en-US', name: 'English', file: 'en.json' },
    ],
    // The owner's choice is remembered by plugins/locale.client.ts; the browser language is not
    // consulted, so a shop with an English-language phone still starts in Bahasa Indonesia.
    detectBrowserLanguage: false,
  },
  // `nuxt dev` only: the API server (and its WebSocket), on :3000 unless WARTA_API_URL says otherwise. Cast because nitropack's own
  // types are not resolvable from this workspace, which leaves `nitro` typed as a bare fallback.
  nitro: {
    devProxy: {
      '/api': { target: `${process.env.WARTA_API_URL ?? 'http://127.0.0.1:3000'}/api`, ws: true, changeOrigin: true },
    },
  } as never,
})
