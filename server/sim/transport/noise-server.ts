// Server side of WhatsApp Web's Noise XX handshake and the 3-byte length framing, using Baileys'
// own primitives so both ends agree bit for bit (sim/PROTOCOL.md §1).
import {
  aesDecryptGCM, aesEncryptGCM, Curve, decodeBinaryNode, encodeBinaryNode, hkdf, NOISE_MODE, NOISE_WA_HEADER, proto, sha256,
  type BinaryNode, type KeyPair,
} from '@whiskeysockets/baileys'

const EMPTY = Buffer.alloc(0)
const ivFor = (n: number) => { const b = Buffer.alloc(12); b.writeUInt32BE(n, 8); return b }

export function frame(data: Uint8Array): Buffer {
  const out = Buffer.allocUnsafe(3 + data.length)
  out[0] = (data.length >>> 16) & 0xff
  out[1] = (data.length >>> 8) & 0xff
  out[2] = data.length & 0xff
  out.set(data, 3)
  return out
}

export class NoiseServer {
  private hash: Buffer
  private salt: Buffer
  private key: Buffer
  private counter = 0
  private inBytes: Buffer = EMPTY
  private introSeen = false
  private ephemeral: KeyPair | undefined
  private transport: { enc: Buffer; dec: Buffer; r: number; w: number } | undefined

  constructor(private readonly staticKeyPair: KeyPair, private readonly certChain: Uint8Array) {
    const mode = Buffer.from(NOISE_MODE)
    this.hash = mode.length === 32 ? mode : sha256(mode)
    this.salt = this.hash
    this.key = this.hash
    this.authenticate(NOISE_WA_HEADER)
  }

  get established(): boolean { return Boolean(this.transport) }

  private authenticate(data: Uint8Array) { if (!this.transport) this.hash = sha256(Buffer.concat([this.hash, data])) }
  private mixKey(ikm: Uint8Array) {
    const k = hkdf(Buffer.from(ikm), 64, { salt: this.salt, info: '' })
    this.salt = Buffer.from(k.subarray(0, 32))
    this.key = Buffer.from(k.subarray(32))
    this.counter = 0
  }
  private encrypt(pt: Uint8Array) { const c = aesEncryptGCM(pt, this.key, ivFor(this.counter++), this.hash); this.authenticate(c); return c }
  private decrypt(ct: Uint8Array) { const p = aesDecryptGCM(ct, this.key, ivFor(this.counter++), this.hash); this.authenticate(ct); return p }

  /** Strips the intro header from the first chunk and returns every complete frame. */
  push(chunk: Buffer): Buffer[] {
    let buf = chunk
    if (!this.introSeen) {
      this.introSeen = true
      if (buf.subarray(0, 4).equals(NOISE_WA_HEADER)) buf = buf.subarray(4)
      else if (buf.subarray(0, 2).toString() === 'ED') buf = buf.subarray(7 + ((buf[4]! << 16) | buf.readUInt16BE(5)) + 4)
      else throw new Error('bad intro header')
    }
    this.inBytes = this.inBytes.length ? Buffer.concat([this.inBytes, buf]) : buf
    const frames: Buffer[] = []
    while (this.inBytes.length >= 3) {
      const size = (this.inBytes[0]! << 16) | (this.inBytes[1]! << 8) | this.inBytes[2]!
      if (this.inBytes.length < size + 3) break
      frames.push(this.inBytes.subarray(3, size + 3))
      this.inBytes = this.inBytes.subarray(size + 3)
    }
    return frames
  }

  /** Handshake step 1: ClientHello in, ServerHello (ephemeral, encrypted static, cert chain) out. */
  onClientHello(data: Buffer): Buffer {
    const { clientHello } = proto.HandshakeMessage.decode(data)
    if (!clientHello?.ephemeral) throw new Error('client hello without ephemeral key')
    const clientEphemeral = Buffer.from(clientHello.ephemeral)
    this.authenticate(clientEphemeral)
    this.ephemeral = Curve.generateKeyPair()
    this.authenticate(this.ephemeral.public)
    this.mixKey(Curve.sharedKey(this.ephemeral.private, clientEphemeral))
    const staticEnc = this.encrypt(this.staticKeyPair.public)
    this.mixKey(Curve.sharedKey(this.staticKeyPair.private, clientEphemeral))
    const payloadEnc = this.encrypt(this.certChain)
    return frame(proto.HandshakeMessage.encode({ serverHello: { ephemeral: this.ephemeral.public, static: staticEnc, payload: payloadEnc } }).finish())
  }

  /** Handshake step 3: ClientFinish in; returns the client's static noise key and its payload. */
  onClientFinish(data: Buffer): { clientStatic: Buffer; payload: proto.ClientPayload } {
    const { clientFinish } = proto.HandshakeMessage.decode(data)
    if (!clientFinish?.static || !clientFinish.payload || !this.ephemeral) throw new Error('bad client finish')
    const clientStatic = Buffer.from(this.decrypt(clientFinish.static))
    this.mixKey(Curve.sharedKey(this.ephemeral.private, clientStatic))
    const payload = proto.ClientPayload.decode(this.decrypt(clientFinish.payload))
    const k = hkdf(EMPTY, 64, { salt: this.salt, info: '' })
    // The client encrypts with the first half and decrypts with the second; the server mirrors.
    this.transport = { enc: Buffer.from(k.subarray(32)), dec: Buffer.from(k.subarray(0, 32)), r: 0, w: 0 }
    return { clientStatic, payload }
  }

  async decodeNode(data: Buffer): Promise<BinaryNode> {
    const t = this.transport!
    return decodeBinaryNode(aesDecryptGCM(data, t.dec, ivFor(t.r++), EMPTY))
  }

  encodeNode(node: BinaryNode): Buffer {
    const t = this.transport!
    return frame(aesEncryptGCM(encodeBinaryNode(node), t.enc, ivFor(t.w++), EMPTY))
  }
}
