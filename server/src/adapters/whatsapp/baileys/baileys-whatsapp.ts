// The WhatsAppPort on Baileys: one socket per connect(), auth state in PostgreSQL, bounded shared
// caches, history sync off, signatures verified for real. The only module that creates sockets.
import { Agent as HttpsAgent } from 'node:https'
import makeWASocket, { Browsers, DisconnectReason, type BinaryNode, type WASocket } from '@whiskeysockets/baileys'
import type { Logger } from 'pino'
import type { Db } from '../../../db/client.js'
import type { ConnectionHandlers, ConnectOptions, InboundMessage, ReceiptUpdate, WhatsAppConnection, WhatsAppPort } from '../whatsapp.port.js'
import { PostgresDeviceStore } from './device-store.js'
import { InboundSpool, rebuildMessage } from './inbound-spool.js'
import { toInbound, toReceipt } from './message-mapping.js'
import { toProto, uploadMedia } from './outgoing-message.js'
import { SharedCaches } from './shared-caches.js'
import { installStrictSignatureVerification } from './strict-verify.js'
import { shareAsyncLocalStorage } from './shared-async-context.js'
import { writeThroughSignalRepository } from './signal-write-through.js'
import { silenceLibsignalConsole } from '../../../shared/libsignal-console.js'
import { untilAvailable } from '../../../shared/until-available.js'

/** How long decryption waits for the database before it fails (and WhatsApp is asked to retry). */
const SIGNAL_WAIT_MS = 60_000

export interface BaileysOptions {
  db: Db
  logger: Logger
  /** WhatsApp Web socket URL; unset = WhatsApp's own. Tests and demo point it at the simulator. */
  wsUrl?: string | undefined
  keyCacheMaxEntries: number
  /** How long a QR code stays valid before Baileys rotates it (first one; later ones 20 s). */
  qrTimeoutMs?: number
  /** PEM of the simulator's media host (WA_SIM=1 only): uploads trust that certificate. */
  simMediaCaPem?: string | undefined
}

export class BaileysWhatsApp implements WhatsAppPort {
  readonly store: PostgresDeviceStore
  private readonly spool: InboundSpool
  private readonly caches: SharedCaches

  constructor(private readonly opts: BaileysOptions) {
    installStrictSignatureVerification()
    // Before any socket exists: Baileys' per-socket AsyncLocalStorage would make every promise cost
    // O(sockets) (shared-async-context.ts).
    shareAsyncLocalStorage()
    // Also here, for processes that use Baileys without main.ts (tools, tests).
    silenceLibsignalConsole()
    this.caches = new SharedCaches(opts.keyCacheMaxEntries)
    this.store = new PostgresDeviceStore(opts.db, this.caches.keys)
    this.spool = new InboundSpool(opts.db)
  }

  hasCredentials(deviceId: string): Promise<boolean> { return this.store.hasCredentials(deviceId) }
  wipeCredentials(deviceId: string): Promise<void> { return this.store.wipe(deviceId) }

  async connect(opts: ConnectOptions, handlers: ConnectionHandlers): Promise<WhatsAppConnection> {
    const { tenantId, deviceId } = opts
    const device = { tenantId, deviceId }
    const auth = await this.store.load(device, opts.fence === undefined ? {} : { fence: opts.fence })
    // Baileys' requestPairingCode writes `me` into the creds before the device is linked. A socket
    // opened on such creds logs in as that number instead of registering, and WhatsApp answers 401
    // (the device looks logged out). A device that never finished linking (no signed `account`
    // yet) registers anew, so asking for a second code works.
    if (auth.creds.me && !auth.creds.account) {
      auth.creds.me = undefined
      auth.creds.pairingCode = undefined
    }
    const log = this.opts.logger.child({ module: 'baileys', tenantId, deviceId }, { level: this.opts.logger.level === 'silent' ? 'silent' : 'error' })
    let intentionalClose = false
    let pairingRequested = false
    const openedAt = new Date()
    // Which stanza a ciphertext came in (filled from the socket's own frames, read on decryption),
    // so the decrypted message can be spooled under its id before Baileys sends the receipt.
    const stanzaOf = new WeakMap<object, BinaryNode>()
    const spool = {
      // Until this row is written no receipt goes out; through a short database outage, wait for
      // it rather than fail the decryption (that would cost a retry round trip and a new session).
      onDecrypted: async (ciphertext: Uint8Array, plaintext: Uint8Array) => {
        const node = stanzaOf.get(ciphertext)
        if (node) await untilAvailable(() => this.spool.put(device, node, plaintext), { giveUpAfterMs: SIGNAL_WAIT_MS })
      },
      earlier: async (ciphertext: Uint8Array) => {
        const node = stanzaOf.get(ciphertext)
        return node ? untilAvailable(() => this.spool.plaintextFor(deviceId, node), { giveUpAfterMs: SIGNAL_WAIT_MS }) : undefined
      },
    }
    const sock: WASocket = makeWASocket({
      auth: { creds: auth.creds, keys: auth.keys },
      // Ratchet state is stored before an encrypted message is sent (see signal-write-through.ts).
      makeSignalRepository: writeThroughSignalRepository(auth.keys, spool),
      ...(this.opts.wsUrl ? { waWebSocketUrl: this.opts.wsUrl } : {}),
      logger: log as never,
      browser: Browsers.ubuntu('Chrome'),
      markOnlineOnConnect: false,
      syncFullHistory: false,
      shouldSyncHistoryMessage: () => false,
      fireInitQueries: true,
      emitOwnEvents: false,
      generateHighQualityLinkPreview: false,
      // Groups, broadcasts and newsletters are not part of the 1:1 inbox; skipping them saves
      // decryption work and sender-key state.
      shouldIgnoreJid: (jid) => !jid || jid.endsWith('@g.us') || jid.endsWith('@broadcast') || jid.endsWith('@newsletter'),
      ...(this.opts.qrTimeoutMs ? { qrTimeout: this.opts.qrTimeoutMs } : {}),
      ...(this.opts.simMediaCaPem ? { fetchAgent: new HttpsAgent({ ca: this.opts.simMediaCaPem }) } : {}),
      ...this.caches.forDevice(deviceId),
      // A retry request for a message this socket no longer remembers (Baileys' recent-message
      // cache is per socket): rebuilt with the same toProto the send used.
      getMessage: async (key) => {
        const msg = key.id && opts.getOutgoingMessage ? await opts.getOutgoingMessage(key.id) : undefined
        const me = sock.user?.id ?? auth.creds.me?.id
        return msg && me ? toProto(msg, me) : undefined
      },
    })

    sock.ws.on('CB:message', (node: BinaryNode) => {
      if (Array.isArray(node.content)) for (const part of node.content) if (part.content instanceof Uint8Array) stanzaOf.set(part.content, node)
    })

    // Messages a previous process decrypted (and receipted) but never handed to the inbox.
    const replaySpool = async () => {
      const me = sock.user ?? auth.creds.me
      if (!me) return
      for (const row of await this.spool.leftBefore(deviceId, openedAt)) {
        const inbound = toInbound(rebuildMessage(row, { id: me.id, lid: me.lid }))
        if (inbound) await handlers.onMessages([inbound], 'backlog')
        await this.spool.markStored(deviceId, [row.waId])
      }
      await this.spool.prune(deviceId)
    }

    const requestCode = async (phone: string) => {
      pairingRequested = true
      return sock.requestPairingCode(phone.replace(/\D/g, ''))
    }

    // Baileys does not catch what this handler throws; an escaped rejection would take the whole
    // gateway down, so every failure is logged here (the durable-insert failure included: the
    // message was already acked, and the log is the last trace of it).
    sock.ev.process(async (events) => { try { await handle(events) } catch (err) { log.error({ err }, 'handling WhatsApp events failed') } })
    const handle = async (events: Parameters<Parameters<typeof sock.ev.process>[0]>[0]) => {
      if (events['creds.update']) await auth.saveCreds().catch((err) => log.error({ err }, 'saving creds failed'))
      const update = events['connection.update']
      if (update) {
        if (update.qr) {
          if (opts.pairingPhone && !pairingRequested && !auth.creds.registered) {
            try { handlers.onPairingCode?.(await requestCode(opts.pairingPhone)) } catch (err) { log.error({ err }, 'pairing code request failed') }
          } else if (!pairingRequested) handlers.onQr(update.qr)
        }
        if (update.connection === 'open' && sock.user) {
          void replaySpool().catch((err) => log.error({ err }, 'replaying spooled messages failed'))
          handlers.onOpen({
            jid: sock.user.id, lid: sock.user.lid ?? null,
            phone: sock.user.id.split('@')[0]!.split(':')[0]!, pushName: sock.user.name ?? null,
          })
        }
        if (update.connection === 'close') {
          const error = update.lastDisconnect?.error as { output?: { statusCode?: number }; message?: string } | undefined
          const code = intentionalClose ? 0 : error?.output?.statusCode ?? DisconnectReason.connectionClosed
          await auth.flush().catch(() => {})
          handlers.onClose({ code, reason: intentionalClose ? 'closed by us' : error?.message ?? 'connection closed' })
        }
      }
      const upsert = events['messages.upsert']
      if (upsert) {
        const list = upsert.messages.map(toInbound).filter((m): m is InboundMessage => Boolean(m))
        if (list.length) await handlers.onMessages(list, upsert.type === 'append' ? 'backlog' : 'live')
        // Stored (or not a customer message): nothing left to replay. A failed mark only leaves
        // rows that the next open replays into an idempotent ingest; it must not skip the
        // receipts that follow in this batch.
        await this.spool.markStored(deviceId, upsert.messages.map((m) => m.key.id).filter((id): id is string => Boolean(id)))
          .catch((err: unknown) => log.warn({ err }, 'could not mark spooled messages stored; the next connection replays them'))
      }
      const updates = events['messages.update']
      if (updates) {
        const receipts = updates.map(toReceipt).filter((r): r is ReceiptUpdate => Boolean(r))
        if (receipts.length) await handlers.onReceipts(receipts)
      }
    }

    return {
      sendText: async ({ toJid, text, messageId }) => {
        const sent = await sock.sendMessage(toJid, { text }, { messageId })
        return { waId: sent?.key.id ?? messageId }
      },
      uploadMedia: (file) => uploadMedia(sock, file, log),
      send: async (msg) => {
        const me = sock.user?.id ?? auth.creds.me?.id
        if (!me) throw new Error('not logged in')
        await sock.relayMessage(msg.toJid, toProto(msg, me), { messageId: msg.messageId })
        return { waId: msg.messageId }
      },
      sendChatState: async (toJid, state) => { await sock.sendPresenceUpdate(state, toJid) },
      checkNumbers: async (phones) => {
        // Baileys answers only the numbers that exist, under their own JIDs.
        const found = new Set((await sock.onWhatsApp(...phones.map((p) => `+${p}`)) ?? []).filter((r) => r.exists).map((r) => r.jid.split('@')[0]!.split(':')[0]))
        return phones.map((phone) => ({ phone, onWhatsApp: found.has(phone) }))
      },
      requestPairingCode: requestCode,
      logout: async () => {
        intentionalClose = true
        try { await sock.logout() } catch (err) { log.warn({ err }, 'logout request failed; wiping locally anyway') }
        await auth.flush().catch(() => {})
      },
      close: async () => {
        intentionalClose = true
        sock.end(undefined)
        await auth.flush().catch(() => {})
      },
    }
  }
}
