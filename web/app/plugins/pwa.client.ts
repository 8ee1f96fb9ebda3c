// Installs the service worker (public/sw.js: offline shell, notification taps) in the built
// dashboard. Not under `nuxt dev`, where a cached shell would hide every change.
export default defineNuxtPlugin({
  name: 'warta-pwa',
  setup() {
    if (import.meta.dev || !('serviceWorker' in navigator)) return
    // After the page's own loading, so installing the shell never competes with the first paint.
    const register = () => { navigator.serviceWorker.register('/sw.js').catch(() => { /* no offline shell; everything else works */ }) }
    if (document.readyState === 'complete') register()
    else window.addEventListener('load', register, { once: true })
  },
})
