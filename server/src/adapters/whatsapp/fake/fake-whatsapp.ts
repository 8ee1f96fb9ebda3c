// In-memory WhatsApp for fast tests of code above the port (session manager, inbox). It keeps
// "paired" devices, lets a test scan QRs, deliver customer messages, force close codes and read
// what was sent. It runs the same contract suite as the Baileys adapter.
import { randomBytes } from 'node:crypto'
import type {
  ConnectionHandlers, ConnectOptions, InboundMessage, MediaUploadRef, OutgoingMessage, WhatsAppConnection, WhatsAppPort,
} from '../whatsapp.port.js'

interface FakeSocket {
  deviceId: string
  handlers: ConnectionHandlers
  qr: string | undefined
  /** The code this socket showed for linking by phone number, and the number. */
  code: { code: string; phone: string } | undefined
  open: boolean
  closed: boolean
}

export interface SentText {
  tenantId: string; deviceId: string; toJid: string; text: string; waId: string
  /** For `send`: the whole message (media with its upload, location, quote). */
  message?: OutgoingMessage
}

export class FakeWhatsApp implements WhatsAppPort {
  /** device id → phone number of the paired account (a tenant's first device has id = tenant id). */
  private readonly paired = new Map<string, string>()
  private readonly sockets = new Map<string, FakeSocket>()
  readonly sent: SentText[] = []
  /** Files uploaded, by directPath: what a customer's phone would download. */
  readonly uploads = new Map<string, { bytes: Buffer; mime: string; kind: string }>()
  /** Numbers (digits) the fake says have no WhatsApp account; every other number has one. */
  readonly notOnWhatsApp = new Set<string>()
  connects = 0
  /** While set, every connect waits for it first (WhatsApp slow to answer, e.g. a mass restore). */
  connectGate: Promise<void> | undefined

  async hasCredentials(deviceId: string): Promise<boolean> { return this.paired.has(deviceId) }
  async wipeCredentials(deviceId: string): Promise<void> { this.paired.delete(deviceId) }

  async connect(opts: ConnectOptions, handlers: ConnectionHandlers): Promise<WhatsAppConnection> {
    this.connects += 1
    await this.connectGate
    const { tenantId, deviceId } = opts
    const socket: FakeSocket = { deviceId, handlers, qr: undefined, code: undefined, open: false, closed: false }
    this.sockets.set(deviceId, socket)
    setImmediate(() => {
      if (socket.closed) return
      const phone = this.paired.get(deviceId)
      if (phone) this.open(socket, phone)
      else if (opts.pairingPhone) {
        socket.code = { code: randomBytes(4).toString('hex').toUpperCase(), phone: opts.pairingPhone }
        handlers.onPairingCode?.(socket.code.code)
      }
      else { socket.qr = `fake-qr:${deviceId}:${randomBytes(4).toString('hex')}`; handlers.onQr(socket.qr) }
    })
    return {
      sendChatState: async () => {},
      sendText: async ({ toJid, text, messageId }) => {
        if (!socket.open) throw new Error('not connected')
        this.sent.push({ tenantId, deviceId, toJid, text, waId: messageId })
        setTimeout(() => { if (!socket.closed) void handlers.onReceipts([{ waId: messageId, chatJid: toJid, status: 'delivered' }]) }, 5)
        return { waId: messageId }
      },
      uploadMedia: async ({ kind, mime, source }) => {
        if (!socket.open) throw new Error('not connected')
        const chunks: Buffer[] = []
        for await (const c of source) chunks.push(Buffer.from(c as Buffer))
        const directPath = `/fake/${randomBytes(8).toString('hex')}.enc`
        this.uploads.set(directPath, { bytes: Buffer.concat(chunks), mime, kind })
        const ref: MediaUploadRef = {
          url: `https://mmg.whatsapp.net${directPath}`, directPath, mediaKey: randomBytes(32).toString('base64'), fileSha256: null, fileEncSha256: null,
          mediaType: kind === 'ptt' ? 'audio' : kind, fileLength: Buffer.concat(chunks).length,
        }
        return ref
      },
      send: async (message) => {
        if (!socket.open) throw new Error('not connected')
        if (message.media && !this.uploads.has(message.media.upload.directPath ?? '')) throw new Error('media was not uploaded')
        this.sent.push({ tenantId, deviceId, toJid: message.toJid, text: message.text ?? '', waId: message.messageId, message })
        setTimeout(() => { if (!socket.closed) void handlers.onReceipts([{ waId: message.messageId, chatJid: message.toJid, status: 'delivered' }]) }, 5)
        return { waId: message.messageId }
      },
      checkNumbers: async (phones) => {
        if (!socket.open) throw new Error('not connected')
        return phones.map((phone) => ({ phone, onWhatsApp: !this.notOnWhatsApp.has(phone) }))
      },
      requestPairingCode: async () => randomBytes(4).toString('hex').toUpperCase(),
      logout: async () => { this.paired.delete(deviceId); socket.closed = true; socket.open = false },
      close: async () => { socket.closed = true; socket.open = false },
    }
  }

  private open(socket: FakeSocket, phone: string): void {
    socket.open = true
    socket.handlers.onOpen({ jid: `${phone}:2@s.whatsapp.net`, lid: null, phone, pushName: 'Toko Fake' })
  }

  /** The simulated phone scans the QR a device currently shows. */
  scan(qr: string, phone = `628${Math.floor(1e9 + Math.random() * 9e9)}`): void {
    const socket = [...this.sockets.values()].find((s) => s.qr === qr && !s.closed)
    if (!socket) throw new Error('no socket shows this QR')
    this.paired.set(socket.deviceId, phone)
    socket.qr = undefined
    // Like WhatsApp: pairing ends with a 515 restart; the client reconnects with the new creds.
    this.forceClose(socket.deviceId, 515)
  }

  /** The phone types the pairing code a device's socket shows; a wrong or stale code throws. */
  enterPairingCode(code: string): void {
    const socket = [...this.sockets.values()].find((s) => s.code?.code === code && !s.closed)
    if (!socket) throw new Error('no socket shows this pairing code')
    this.paired.set(socket.deviceId, socket.code!.phone)
    socket.code = undefined
    this.forceClose(socket.deviceId, 515)
  }

  currentQr(deviceId: string): string | undefined { return this.sockets.get(deviceId)?.qr }
  isOpen(deviceId: string): boolean { return this.sockets.get(deviceId)?.open ?? false }

  forceClose(deviceId: string, code: number): void {
    const socket = this.sockets.get(deviceId)
    if (!socket || socket.closed) return
    socket.closed = true
    socket.open = false
    if (code === 401) this.paired.delete(deviceId)
    socket.handlers.onClose({ code, reason: `forced ${code}` })
  }

  async deliver(deviceId: string, messages: InboundMessage[], kind: 'live' | 'backlog' = 'live'): Promise<void> {
    const socket = this.sockets.get(deviceId)
    if (!socket?.open) throw new Error('not connected')
    await socket.handlers.onMessages(messages, kind)
  }
}
