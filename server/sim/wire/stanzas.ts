// Server-side stanzas whose exact shape Baileys depends on (sim/PROTOCOL.md §5, §10, §12).
import type { BinaryNode } from '@whiskeysockets/baileys'
import { SERVER_JID } from '../directory/directory.js'
import { nowSeconds } from './nodes.js'

export type KickReason = 'replaced' | 'restart' | 'unavailable'

/** `<stream:error>` variants and the status code Baileys turns each into. */
export const streamError = {
  /** 515: pairing done or server asks for a reconnect. */
  restart: (): BinaryNode => ({ tag: 'stream:error', attrs: { code: '515' } }),
  /** 440: a `conflict` child without a code (the same device logged in elsewhere). */
  replaced: (): BinaryNode => ({ tag: 'stream:error', attrs: {}, content: [{ tag: 'conflict', attrs: { type: 'replaced' } }] }),
  /** 503: service unavailable, the client should retry. */
  unavailable: (): BinaryNode => ({ tag: 'stream:error', attrs: { code: '503' } }),
  /** 401: the phone removed this linked device. */
  deviceRemoved: (): BinaryNode => ({ tag: 'stream:error', attrs: { code: '401' }, content: [{ tag: 'conflict', attrs: { type: 'device_removed' } }] }),
  /** 403: the account was banned while this device was connected. */
  banned: (): BinaryNode => ({ tag: 'stream:error', attrs: { code: '403' } }),
}

export const kickStanza = (reason: KickReason): BinaryNode => streamError[reason]()

/** Login refused; Baileys closes with `reason` as the status code (401, 403, …). */
export const failure = (reason: '401' | '403' | '503'): BinaryNode => ({ tag: 'failure', attrs: { reason, location: 'sim' } })

/** Baileys uses `t` (clock offset) and `lid` (becomes creds.me.lid). */
export const success = (lid: string): BinaryNode => ({ tag: 'success', attrs: { t: nowSeconds(), lid, props: '1', abprops: '1', location: 'sim', creation: nowSeconds() } })

/** Ends the offline phase: Baileys flushes its event buffer (backlog arrives as `append`). */
export const offlineDone = (count: number): BinaryNode => ({ tag: 'ib', attrs: { from: SERVER_JID }, content: [{ tag: 'offline', attrs: { count: String(count) } }] })

export const ack = (cls: 'message' | 'receipt' | 'notification', id: string, from: string, type?: string): BinaryNode =>
  ({ tag: 'ack', attrs: { class: cls, id, from, ...(cls === 'message' ? { t: nowSeconds() } : {}), ...(type ? { type } : {}) } })

/** A receipt from a peer device: delivered (no type) or read. */
export const receipt = (from: string, id: string, type?: 'read'): BinaryNode =>
  ({ tag: 'receipt', attrs: { from, id, t: nowSeconds(), ...(type ? { type } : {}) } })

/** `<notification type=encrypt><count value=N/>`: upload more one-time pre-keys. */
export const preKeysLow = (id: string, left: number): BinaryNode =>
  ({ tag: 'notification', attrs: { from: SERVER_JID, type: 'encrypt', id, t: nowSeconds() }, content: [{ tag: 'count', attrs: { value: String(left) } }] })
