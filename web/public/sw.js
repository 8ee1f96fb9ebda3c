// Warta's service worker: an offline shell for the installed dashboard, and notification taps.
//
// What it caches: the app shell (the HTML every route serves) and the built, content-hashed
// assets under /_nuxt/, icons and the manifest. What it never touches: anything under /api/ —
// every API answer (and the events WebSocket) goes straight to the network, so the inbox is
// never shown from a stale copy. Pages are network-first: the cached shell is only a fallback
// when the network is gone.
// Stamped per build by scripts/precache-list.mjs (a new build re-installs the worker).
const VERSION = 'warta-shell-dev'
const SHELL = '/'
const STATIC = ['/manifest.webmanifest', '/favicon.svg', '/icons/icon-192.png', '/icons/icon-512.png']
// The server's own endpoints (API, health, metrics) always go to the network, untouched.
const SERVER_PATHS = ['/api/', '/healthz', '/readyz', '/metrics']

self.addEventListener('install', (event) => {
  event.waitUntil((async () => {
    const cache = await caches.open(VERSION)
    const res = await fetch(SHELL, { cache: 'no-store' })
    if (res.ok) await cache.put(SHELL, res)
    // Every built chunk (listed at build time), so any screen starts with no network at all.
    const list = await fetch('/sw-precache.json', { cache: 'no-store' }).then((r) => (r.ok ? r.json() : [])).catch(() => [])
    await cache.addAll([...new Set([...list, ...STATIC])])
    await self.skipWaiting()
  })())
})

self.addEventListener('activate', (event) => {
  event.waitUntil((async () => {
    for (const key of await caches.keys()) if (key !== VERSION) await caches.delete(key)
    await self.clients.claim()
  })())
})

self.addEventListener('fetch', (event) => {
  const req = event.request
  if (req.method !== 'GET') return
  const url = new URL(req.url)
  if (url.origin !== self.location.origin || SERVER_PATHS.some((p) => url.pathname.startsWith(p))) return

  if (req.mode === 'navigate') {
    event.respondWith((async () => {
      try {
        const res = await fetch(req)
        // Every dashboard route answers with the same app shell; keep the newest one for offline.
        if (res.ok && (res.headers.get('content-type') ?? '').includes('text/html')) void caches.open(VERSION).then((c) => c.put(SHELL, res.clone()))
        return res
      } catch {
        return (await caches.match(SHELL)) ?? Response.error()
      }
    })())
    return
  }

  if (url.pathname.startsWith('/_nuxt/') || url.pathname.startsWith('/icons/') || STATIC.includes(url.pathname)) {
    // Hashed names never change content: the cache answers first, the network fills it.
    event.respondWith((async () => {
      const hit = await caches.match(req)
      if (hit) return hit
      const res = await fetch(req)
      if (res.ok) void caches.open(VERSION).then((c) => c.put(req, res.clone()))
      return res
    })())
  }
})

// A tapped notification (shown through the worker on phones) opens its chat.
self.addEventListener('notificationclick', (event) => {
  event.notification.close()
  const path = event.notification.data?.path ?? '/inbox'
  event.waitUntil((async () => {
    const open = await self.clients.matchAll({ type: 'window', includeUncontrolled: true })
    for (const client of open) {
      if ('focus' in client) {
        await client.focus()
        if ('navigate' in client) await client.navigate(path).catch(() => {})
        return
      }
    }
    await self.clients.openWindow(path)
  })())
})
