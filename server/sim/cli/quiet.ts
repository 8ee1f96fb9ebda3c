// libsignal reports session housekeeping with console.info/log/warn ("Closing session: …" with a
// whole SessionEntry dump, "Closing open session in favor of incoming prekey bundle", …). In the
// simulator's tools and tests that buries the one JSON line they print. Only those exact libsignal
// messages are dropped, and only in processes that call this (tools, tests, bench — never the product).
const LIBSIGNAL_NOISE = [
  'Closing session', 'Removing old closed session', 'Closing open session', 'Closing stale open session',
  'Session already closed', 'Decrypted message with closed session', 'Migrating session to',
]

let installed = false

export function quietLibsignal(): void {
  if (installed) return
  installed = true
  const drop = (orig: (...a: unknown[]) => void) => (...args: unknown[]) => {
    if (typeof args[0] === 'string' && LIBSIGNAL_NOISE.some((p) => (args[0] as string).startsWith(p))) return
    orig(...args)
  }
  console.info = drop(console.info.bind(console))
  console.log = drop(console.log.bind(console))
  console.warn = drop(console.warn.bind(console))
}
