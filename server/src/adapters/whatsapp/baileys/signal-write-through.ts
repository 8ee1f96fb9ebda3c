// Signal state reaches PostgreSQL before an encrypted message reaches the wire.
//
// Baileys 7.0.0-rc14 encrypts inside `keys.transaction(...)` and sends the stanza inside the same
// transaction (`relayMessage`), so the advanced ratchet commits only after the send. A SIGKILL
// between the two leaves the customer's phone holding a message made from state we never stored:
// after the restart we encrypt from the older state again, the customer ratchets on a key whose
// private half is gone, and every later message of that chat fails with "Bad MAC" — silently
// lost. (Seen in the pipeline crash test.)
//
// Fix without touching Baileys: the signal repository it builds gets a key store whose writes,
// while an encryption runs, also go straight to our durable store. Writing ratchet state *ahead*
// of the wire is always safe (a message never sent just looks skipped to the receiver); writing it
// *behind* is what loses chats. Baileys' own commit later writes the same values again
// (idempotent upserts). Decryption commits its Signal state before the receipt; what it needs is
// the decrypted message stored before that receipt too (`onDecrypted`, see inbound-spool.ts).
import { AsyncLocalStorage } from 'node:async_hooks'
import { DEFAULT_CONNECTION_CONFIG, type SignalAuthState, type SignalDataSet, type SignalKeyStore, type SignalKeyStoreWithTransaction } from '@whiskeysockets/baileys'

type MakeRepository = typeof DEFAULT_CONNECTION_CONFIG.makeSignalRepository

const encrypting = new AsyncLocalStorage<true>()

/**
 * Returns a `makeSignalRepository` for Baileys' config whose encryptions write their Signal state
 * through to `durable` (the store behind Baileys' transaction layer) before returning, and whose
 * 1:1 decryptions hand the plaintext to `onDecrypted` (awaited: a failure there fails the
 * decryption, so no receipt is sent and WhatsApp delivers the message again).
 */
export function writeThroughSignalRepository(
  durable: SignalKeyStore,
  spool?: {
    onDecrypted(ciphertext: Uint8Array, plaintext: Uint8Array): Promise<void>
    /** An earlier decryption of this very ciphertext's message, for a redelivery whose key is spent. */
    earlier(ciphertext: Uint8Array): Promise<Uint8Array | undefined>
  },
): MakeRepository {
  return (auth: SignalAuthState, logger, pnToLid) => {
    const txKeys = auth.keys as SignalKeyStoreWithTransaction
    const keys: SignalKeyStoreWithTransaction = {
      get: (type, ids) => txKeys.get(type, ids),
      set: async (data: SignalDataSet) => {
        await txKeys.set(data)
        // Outside a transaction Baileys already wrote to the durable store itself.
        if (encrypting.getStore() && txKeys.isInTransaction()) await durable.set(data)
      },
      clear: () => txKeys.clear?.(),
      isInTransaction: () => txKeys.isInTransaction(),
      transaction: (work, key) => txKeys.transaction(work, key),
    }
    const repository = DEFAULT_CONNECTION_CONFIG.makeSignalRepository({ ...auth, keys }, logger, pnToLid)
    return {
      ...repository,
      encryptMessage: (args) => encrypting.run(true, () => repository.encryptMessage(args)),
      encryptGroupMessage: (args) => encrypting.run(true, () => repository.encryptGroupMessage(args)),
      // One key transaction around Baileys' own (which then joins it): the spooled copy is
      // written before the spent one-time key and advanced ratchet commit. A kill in between
      // leaves a copy and an unspent key (the redelivery decrypts as new), never a spent key
      // without a copy (the redelivery could be neither decrypted nor answered: NACK 487).
      decryptMessage: (args) => !spool ? repository.decryptMessage(args) : txKeys.transaction(async () => {
        let plaintext: Uint8Array
        try {
          plaintext = await repository.decryptMessage(args)
        } catch (err) {
          // A redelivery of a message we decrypted before a crash: its key is spent ("Key used
          // already", or no session matches). The copy we kept is the same message.
          const earlier = await spool.earlier(args.ciphertext)
          if (earlier) return earlier
          throw err
        }
        await spool.onDecrypted(args.ciphertext, plaintext)
        return plaintext
      }, args.jid),
    }
  }
}
