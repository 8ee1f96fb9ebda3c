// What arrives on the socket was written by anyone: a customer's app (or a hostile client) can put
// a NUL or half a surrogate pair into a message, a name or even an id, and a timestamp anywhere in
// time. PostgreSQL refuses NUL in text and such timestamps, and the message would be lost. So the
// inbox stores a copy made storable: NUL and lone surrogates become U+FFFD (the rest of the text
// survives, and the mark shows where something unreadable was), an unusable time becomes now. The
// mapping is deterministic, so a redelivered message maps to the same row and is not stored twice.
import type { InboundMessage } from '../../adapters/whatsapp/whatsapp.port.js'
import { toStorableText } from '../../shared/validation.js'

const MIN_MS = Date.UTC(1970, 0, 1)
const MAX_MS = Date.UTC(9999, 11, 31)

const storableOrNull = (s: string | null): string | null => (s === null ? null : toStorableText(s))

export function storableInbound(m: InboundMessage, now: () => Date = () => new Date()): InboundMessage {
  const ms = m.timestamp instanceof Date ? m.timestamp.getTime() : Number.NaN
  return {
    ...m,
    waId: toStorableText(m.waId),
    chatJid: toStorableText(m.chatJid),
    customerPn: storableOrNull(m.customerPn),
    customerLid: storableOrNull(m.customerLid),
    pushName: storableOrNull(m.pushName),
    text: storableOrNull(m.text),
    timestamp: Number.isFinite(ms) && ms >= MIN_MS && ms <= MAX_MS ? m.timestamp : now(),
  }
}
