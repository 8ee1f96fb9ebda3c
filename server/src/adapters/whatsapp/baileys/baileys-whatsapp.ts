// The WhatsAppPort on Baileys: one socket per connect(), auth state in PostgreSQL, bounded shared
// caches, history sync off, signatures verified for real. The only module that creates sockets.
import makeWASocket, { Browsers, DisconnectReason, type WASocket } from '@whiskeysockets/baileys'
import type { Logger } from 'pino'
import type { Db } from '../../../db/client.js'
import type { ConnectionHandlers, ConnectOptions, InboundMessage, ReceiptUpdate, WhatsAppConnection, WhatsAppPort } from '../whatsapp.port.js'
import { PostgresDeviceStore } from './device-store.js'
import { toInbound, toReceipt } from './message-mapping.js'
import { SharedCaches } from './shared-caches.js'
import { installStrictSignatureVerification } from './strict-verify.js'

export interface BaileysOptions {
  db: Db
  logger: Logger
  /** WhatsApp Web socket URL; unset = WhatsApp's own. Tests and demo point it at the simulator. */
  wsUrl?: string | undefined
  keyCacheMaxEntries: number
  /** How long a QR code stays valid before Baileys rotates it (first one; later ones 20 s). */
  qrTimeoutMs?: number
}

export class BaileysWhatsApp implements WhatsAppPort {
  readonly store: PostgresDeviceStore
  private readonly caches: SharedCaches

  constructor(private readonly opts: BaileysOptions) {
    installStrictSignatureVerification()
    this.caches = new SharedCaches(opts.keyCacheMaxEntries)
    this.store = new PostgresDeviceStore(opts.db, this.caches.keys)
  }

  hasCredentials(tenantId: string): Promise<boolean> { return this.store.hasCredentials(tenantId) }
  wipeCredentials(tenantId: string): Promise<void> { return this.store.wipe(tenantId) }

  async connect(opts: ConnectOptions, handlers: ConnectionHandlers): Promise<WhatsAppConnection> {
    const { tenantId } = opts
    const auth = await this.store.load(tenantId, opts.fence === undefined ? {} : { fence: opts.fence })
    const log = this.opts.logger.child({ module: 'baileys', tenantId }, { level: this.opts.logger.level === 'silent' ? 'silent' : 'error' })
    let intentionalClose = false
    let pairingRequested = false
    const sock: WASocket = makeWASocket({
      auth: { creds: auth.creds, keys: auth.keys },
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
      ...this.caches.forTenant(tenantId),
      getMessage: async (key) => {
        const text = key.id && opts.getMessageText ? await opts.getMessageText(key.id) : undefined
        return text ? { conversation: text } : undefined
      },
    })

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
