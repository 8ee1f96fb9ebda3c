// libsignal (the Signal library under Baileys) reports session housekeeping through console.*:
// "Closing session: SessionEntry {…}" dumps a whole session record, ratchet private keys
// included. The product must never print that, in any mode, so the product process filters the
// console once at start: libsignal's known messages, and any call that carries a session object,
// are dropped; everything else passes through untouched.
const LIBSIGNAL_MESSAGES = [
  'Closing session', 'Opening session', 'Removing old closed session', 'Session already closed', 'Session already open',
  'Closing open session', 'Closing stale open session', 'Decrypted message with closed session', 'Migrating session to',
  'Unhandled bucket type', 'Failed to decrypt message with any known session', 'Session error:', 'V1 session storage migration error',
]
const SESSION_TYPES = new Set(['SessionEntry', 'SessionRecord'])

let installed = false

const isLibsignal = (args: unknown[]): boolean => {
  const first = args[0]
  if (typeof first === 'string' && LIBSIGNAL_MESSAGES.some((m) => first.startsWith(m))) return true
  return args.some((a) => typeof a === 'object' && a !== null && SESSION_TYPES.has((a as object).constructor?.name))
}

/** Idempotent; call before Baileys runs. */
export function silenceLibsignalConsole(): void {
  if (installed) return
  installed = true
  for (const method of ['log', 'info', 'warn', 'error', 'debug'] as const) {
    const original = console[method].bind(console)
    console[method] = (...args: unknown[]) => { if (!isLibsignal(args)) original(...args) }
  }
}
