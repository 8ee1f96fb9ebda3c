// Security headers on every answer. The dashboard gets a Content-Security-Policy fitted to what
// the built SPA really needs: its own scripts plus the hashes of the inline scripts Nuxt writes
// into the HTML shell (computed from the files at start, so a rebuild needs no config change),
// data:/blob: images (QR codes, avatars), the same-origin API and events WebSocket. API answers
// get the strictest policy and `Cache-Control: no-store` (sessions, tokens and personal data
// must not sit in a browser or proxy cache). HSTS only when the dashboard is served over https.
import { createHash } from 'node:crypto'
import { existsSync, readFileSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import fp from 'fastify-plugin'

export interface SecurityHeadersOptions {
  /** The built dashboard, when this process serves it. */
  webDir: string | undefined
  /** PUBLIC_URL starts with https:// (a TLS proxy in front). */
  httpsPublicUrl: boolean
}

/** sha256 sources for every inline <script> in the SPA's HTML files. */
export function inlineScriptHashes(webDir: string | undefined): string[] {
  if (!webDir || !existsSync(webDir)) return []
  const hashes = new Set<string>()
  // Every prerendered route has its own HTML file (login/index.html, …).
  const files = (readdirSync(webDir, { recursive: true }) as string[]).filter((f) => f.endsWith('.html') && !f.startsWith('_nuxt'))
  for (const file of files) {
    const html = readFileSync(join(webDir, file), 'utf8')
    for (const m of html.matchAll(/<script(?![^>]*\bsrc=)[^>]*>([\s\S]*?)<\/script>/g)) {
      const type = /\btype="([^"]+)"/.exec(m[0])?.[1]
      // JSON data blocks are not executed, so CSP does not apply to them.
      if (type && type !== 'module' && type !== 'text/javascript') continue
      if (m[1]!.length) hashes.add(`'sha256-${createHash('sha256').update(m[1]!).digest('base64')}'`)
    }
  }
  return [...hashes]
}

export function dashboardCsp(scriptHashes: string[]): string {
  return [
    "default-src 'self'",
    `script-src 'self'${scriptHashes.length ? ` ${scriptHashes.join(' ')}` : ''}`,
    // Vue and Chart.js set style attributes at run time.
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    "media-src 'self' data: blob:",
    "connect-src 'self'",
    "worker-src 'self'",
    "manifest-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ')
}

export const API_CSP = "default-src 'none'; frame-ancestors 'none'"

export const securityHeaders = fp<SecurityHeadersOptions>(async (app, opts) => {
  const spaCsp = dashboardCsp(inlineScriptHashes(opts.webDir))
  app.addHook('onSend', async (req, reply) => {
    const path = req.url.split('?')[0]!
    const api = path.startsWith('/api/') || path === '/metrics' || path === '/healthz' || path === '/readyz'
    reply.header('x-content-type-options', 'nosniff')
    reply.header('referrer-policy', 'no-referrer')
    reply.header('x-frame-options', 'DENY')
    reply.header('cross-origin-opener-policy', 'same-origin')
    reply.header('content-security-policy', api ? API_CSP : spaCsp)
    if (api && !reply.hasHeader('cache-control')) reply.header('cache-control', 'no-store')
    if (opts.httpsPublicUrl || req.protocol === 'https') reply.header('strict-transport-security', 'max-age=31536000; includeSubDomains')
  })
}, { name: 'warta-security-headers' })
