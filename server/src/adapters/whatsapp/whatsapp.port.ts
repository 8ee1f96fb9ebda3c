// The gateway's view of WhatsApp, in domain terms. Only adapters/whatsapp/baileys knows how Baileys
// does it; the session manager, the inbox and the tests talk to this port.
import type { Readable } from 'node:stream'

/** Life cycle of one device's (linked number's) WhatsApp session as the product shows it. */
export type SessionState = 'disconnected' | 'connecting' | 'qr' | 'connected' | 'logged_out' | 'failed'

/** A message as it arrived on the socket: from a customer, or sent by the owner from the phone. */
export interface InboundMessage {
  /** WhatsApp message id (stable across redeliveries). */
  waId: string
  /** The 1:1 chat: the customer's JID (phone-number form when known, else LID). */
  chatJid: string
  /** True when the account itself sent it (owner typed on the phone, or our own echo). */
  fromMe: boolean
  /** Customer phone-number JID and LID when known; both are kept so contacts merge. */
  customerPn: string | null
  customerLid: string | null
  pushName: string | null
  type: 'text' | 'image' | 'video' | 'audio' | 'document' | 'sticker' | 'location' | 'contact' | 'other'
  /** Text body (caption for media), or null. */
  text: string | null
  timestamp: Date
  /** A photo, voice note, video, document or sticker: what it is and how to fetch it (a job does). */
  media?: InboundMedia
  /** The message this one answers (WhatsApp's "reply"). */
  quoted?: { waId: string; text: string | null; fromMe: boolean }
  location?: { latitude: number; longitude: number; name: string | null; address: string | null }
  contact?: { displayName: string; phone: string | null }
  /**
   * Not a message of its own but a change to an earlier one: a reaction (text = emoji, '' removes
   * it), an edit (text = the new text) or a delete-for-everyone.
   */
  change?: { kind: 'reaction' | 'edit' | 'revoke'; targetWaId: string; targetFromMe: boolean }
}

export type MediaKind = 'image' | 'video' | 'audio' | 'ptt' | 'document' | 'sticker'

export interface InboundMedia {
  kind: MediaKind
  /** As the sender declared it; the stored file's type is sniffed from its bytes. */
  mime: string | null
  size: number | null
  width: number | null
  height: number | null
  durationMs: number | null
  fileName: string | null
  /** Voice notes: 64 bars of 0–100. */
  waveform: number[] | null
  /** The small JPEG preview WhatsApp sends inline (images, videos, documents), base64. */
  inlineThumbnail: string | null
  /** What WhatsApp's media servers need: opaque to everything but the adapter's downloader. */
  download: MediaDownloadRef
}

export interface MediaDownloadRef {
  directPath: string | null
  url: string | null
  /** base64 */
  mediaKey: string
  fileSha256: string | null
  fileEncSha256: string | null
  /** The HKDF info family the file is encrypted under. */
  mediaType: 'image' | 'video' | 'audio' | 'document' | 'sticker'
}

/** Delivery progress of a message we sent. */
export interface ReceiptUpdate {
  waId: string
  chatJid: string
  status: 'sent' | 'delivered' | 'read' | 'failed'
}

export interface CloseInfo {
  /** WhatsApp/Baileys close code: 401 logged out, 403 banned, 408 timed out, 440 replaced, 515 restart… */
  code: number
  reason: string
}

/** What a connection tells its owner. Handlers are awaited where order and durability matter. */
export interface ConnectionHandlers {
  onQr(qr: string): void
  onPairingCode?(code: string): void
  onOpen(info: { jid: string; lid: string | null; phone: string; pushName: string | null }): void
  onClose(info: CloseInfo): void
  /**
   * Messages that arrived (`live`) or were queued while we were away (`backlog`). WhatsApp has
   * already been told we got them, so the handler's first act must be a durable write.
   */
  onMessages(messages: InboundMessage[], kind: 'live' | 'backlog'): Promise<void>
  onReceipts(updates: ReceiptUpdate[]): Promise<void>
}

export interface OutgoingText {
  toJid: string
  text: string
  /** Our own id, generated before sending: a retry after a crash re-sends with the same id. */
  messageId: string
}

/** Where a file of ours sits on WhatsApp's media servers, with its keys: kept, and reused on a retry. */
export interface MediaUploadRef extends MediaDownloadRef {
  fileLength: number
}

/** A file to upload before its message is sent (the bytes are read once, as a stream). */
export interface OutgoingMediaFile {
  kind: MediaKind
  /** As WhatsApp should label it (a voice note: 'audio/ogg; codecs=opus'). */
  mime: string
  source: Readable
}

/**
 * Any message the shop sends: a text, a photo/video/document/voice note/sticker already uploaded
 * (`text` is its caption), or a location; optionally replying to (quoting) an earlier message.
 */
export interface OutgoingMessage {
  toJid: string
  /** Our own id, generated before sending (and before any upload): a retry re-sends the same id. */
  messageId: string
  text?: string | null
  media?: {
    kind: MediaKind
    mime: string
    upload: MediaUploadRef
    fileName?: string | null
    durationMs?: number | null
    /** Voice notes: 64 bars of 0–100. */
    waveform?: number[] | null
    width?: number | null
    height?: number | null
    /** Photos and videos: a small JPEG the customer's phone shows before it downloads the file. */
    jpegThumbnail?: Uint8Array | null
  }
  location?: { latitude: number; longitude: number; name?: string | null; address?: string | null }
  /** The message this one answers, as the customer's phone will show it above the reply. */
  quoted?: { waId: string; fromMe: boolean; text: string | null }
}

/** Whether a phone number (digits, country code first) has a WhatsApp account. */
export interface NumberCheck { phone: string; onWhatsApp: boolean }

export interface WhatsAppConnection {
  sendText(msg: OutgoingText): Promise<{ waId: string }>
  /** Encrypts and uploads a file to WhatsApp's media servers; send it with `send` (retry-safe). */
  uploadMedia(file: OutgoingMediaFile): Promise<MediaUploadRef>
  /** Sends a text, uploaded media, or a location, with our own message id. */
  send(msg: OutgoingMessage): Promise<{ waId: string }>
  /** Shows the shop typing in a chat ('composing') or stopping ('paused'). */
  sendChatState(toJid: string, state: 'composing' | 'paused'): Promise<void>
  /** Asks WhatsApp (a usync contact query) which of these numbers (digits) have an account. */
  checkNumbers(phones: string[]): Promise<NumberCheck[]>
  requestPairingCode(phoneNumber: string): Promise<string>
  /** Unlinks this device from the phone (the account stays on WhatsApp). */
  logout(): Promise<void>
  /** Closes the socket, keeping the pairing for the next connect. */
  close(): Promise<void>
}

export interface ConnectOptions {
  tenantId: string
  /** The device (one of the tenant's linked numbers) whose credentials this socket uses. */
  deviceId: string
  /** Ask for a pairing code for this phone number instead of showing a QR. */
  pairingPhone?: string
  /** Fencing token of the lease this gateway holds; stale holders cannot write device state. */
  fence?: number
  /**
   * A message we sent, rebuilt from what is stored (its upload reference included), so a retry
   * request from the customer's phone re-sends the photo or location itself, not just its text.
   */
  getOutgoingMessage?(waId: string): Promise<OutgoingMessage | undefined>
}

export interface WhatsAppPort {
  connect(opts: ConnectOptions, handlers: ConnectionHandlers): Promise<WhatsAppConnection>
  /** True when stored credentials exist (the device is paired). */
  hasCredentials(deviceId: string): Promise<boolean>
  /** Deletes stored credentials and keys of the device. */
  wipeCredentials(deviceId: string): Promise<void>
}

/** WhatsApp's own message id format (what Baileys generates): safe to use as our outbox id. */
export function isValidWaMessageId(id: string): boolean {
  return /^[0-9A-F]{16,40}$/.test(id)
}
