// What to do when a socket closes, by the status code Baileys rc14 reports (its `DisconnectReason`;
// what causes each code on the wire: server/sim/PROTOCOL.md §12). 401, 403 and 419 are Baileys'
// own "unauthorized" codes and 411 needs a new link, so retrying them only loops; 515 is the
// expected restart after pairing. Pure, so the policy is tested on its own.
import type { SessionState } from '../../adapters/whatsapp/whatsapp.port.js'

export type CloseAction =
  | { kind: 'ignore' }
  | { kind: 'reconnect-now' }
  | { kind: 'retry'; delayMs: number }
  | { kind: 'stop'; state: SessionState; wipeKeys: boolean; error: string }

export interface CloseContext {
  code: number
  /** Consecutive failed attempts before this close. */
  failures: number
  /** Consecutive 440 closes before this one. */
  replacedCount: number
  /** True when the device never finished pairing (closing while showing a QR). */
  pairing: boolean
  random?: () => number
}

export const MAX_FAILURES = 20

/** 1 s, 2 s, 4 s … capped at 60 s, with ±20 % jitter so many sessions do not retry in lockstep. */
export function backoffMs(failures: number, random: () => number = Math.random): number {
  const base = Math.min(60_000, 1000 * 2 ** Math.max(0, failures))
  return Math.round(base * (0.8 + 0.4 * random()))
}

export function decideOnClose(ctx: CloseContext): CloseAction {
  const random = ctx.random ?? Math.random
  switch (ctx.code) {
    case 0: return { kind: 'ignore' }
    case 515: return { kind: 'reconnect-now' }
    case 401: return { kind: 'stop', state: 'logged_out', wipeKeys: true, error: 'The phone unlinked this device. Scan a new QR code to connect again.' }
    case 403: return { kind: 'stop', state: 'failed', wipeKeys: false, error: 'WhatsApp refused this account (banned or blocked).' }
    case 411: return { kind: 'stop', state: 'logged_out', wipeKeys: false, error: 'WhatsApp asks to link this device again (multi-device mismatch).' }
    case 419: return { kind: 'stop', state: 'logged_out', wipeKeys: false, error: 'WhatsApp refused the session. Link the device again.' }
    case 440:
      if (ctx.replacedCount >= 1) {
        return { kind: 'stop', state: 'failed', wipeKeys: false, error: 'Another client keeps taking over this WhatsApp session (duplicate owner). Close the other one, then connect again.' }
      }
      return { kind: 'retry', delayMs: backoffMs(2, random) }
    default:
      // While a QR is showing, 408 means nobody scanned before the codes ran out: stop and let the
      // owner ask for a new one rather than generating QR codes forever.
      if (ctx.pairing && ctx.code === 408) return { kind: 'stop', state: 'disconnected', wipeKeys: false, error: 'The QR code expired before it was scanned.' }
      if (ctx.failures + 1 >= MAX_FAILURES) {
        return { kind: 'stop', state: 'failed', wipeKeys: false, error: `Could not stay connected after ${MAX_FAILURES} attempts (last code ${ctx.code}).` }
      }
      return { kind: 'retry', delayMs: backoffMs(ctx.failures, random) }
  }
}
