// A tiny production-like front: serves the generated SPA (fallback to 200.html for deep links)
// and passes /api (HTTP and the events WebSocket) to the API server — what nginx does in
// production. The harness uses it only when the API server is not asked to serve the SPA itself.
import { createReadStream, existsSync, statSync } from 'node:fs'
import { createServer, request, type Server } from 'node:http'
import { connect } from 'node:net'
import { extname, join, normalize } from 'node:path'

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.css': 'text/css', '.json': 'application/json',
  '.svg': 'image/svg+xml', '.png': 'image/png', '.ico': 'image/x-icon', '.woff2': 'font/woff2', '.txt': 'text/plain',
}

export async function startStaticProxy(opts: { root: string; apiPort: number; port?: number }): Promise<{ url: string; close: () => Promise<void> }> {
  const shell = existsSync(join(opts.root, '200.html')) ? '200.html' : 'index.html'
  const server: Server = createServer((req, res) => {
    const url = req.url ?? '/'
    if (url.startsWith('/api/')) {
      const upstream = request({ host: '127.0.0.1', port: opts.apiPort, path: url, method: req.method, headers: req.headers }, (r) => {
        res.writeHead(r.statusCode ?? 502, r.headers)
        r.pipe(res)
      })
      upstream.on('error', () => { res.writeHead(502); res.end() })
      req.pipe(upstream)
      return
    }
    const path = normalize(decodeURIComponent(url.split('?')[0]!)).replace(/^(\.\.[/\\])+/, '')
    let file = join(opts.root, path)
    if (!file.startsWith(opts.root) || !existsSync(file) || statSync(file).isDirectory()) {
      const index = join(file, 'index.html')
      file = existsSync(index) && index.startsWith(opts.root) ? index : join(opts.root, shell)
    }
    res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' })
    createReadStream(file).pipe(res)
  })
  server.on('upgrade', (req, socket, head) => {
    const upstream = connect(opts.apiPort, '127.0.0.1', () => {
      const lines = [`${req.method} ${req.url} HTTP/1.1`]
      for (let i = 0; i < req.rawHeaders.length; i += 2) lines.push(`${req.rawHeaders[i]}: ${req.rawHeaders[i + 1]}`)
      upstream.write(`${lines.join('\r\n')}\r\n\r\n`)
      if (head.length) upstream.write(head)
      upstream.pipe(socket)
      socket.pipe(upstream)
    })
    const end = () => { socket.destroy(); upstream.destroy() }
    upstream.on('error', end)
    socket.on('error', end)
  })
  await new Promise<void>((resolve) => server.listen(opts.port ?? 0, '127.0.0.1', resolve))
  const address = server.address()
  const port = typeof address === 'object' && address ? address.port : 0
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()) }),
  }
}
