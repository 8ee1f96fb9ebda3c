import type { WASocket } from '@whiskeysockets/baileys'

/** true when the socket reaches `open`, false on `close` or after `timeoutMs` (a stuck session). */
export function waitOpen(sock: WASocket, timeoutMs: number): Promise<boolean> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), timeoutMs)
    sock.ev.on('connection.update', (u) => {
      if (u.connection === 'open') { clearTimeout(timer); resolve(true) }
      if (u.connection === 'close') { clearTimeout(timer); resolve(false) }
    })
  })
}
