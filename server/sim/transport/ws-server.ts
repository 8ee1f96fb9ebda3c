// The listening side: one HTTP server on 127.0.0.1 carrying the WebSocket endpoint `/ws/chat`
// (what Baileys connects to) and the JSON control API (`/control/…`). Each socket gets its own
// Noise state; after the handshake every frame is one binary node handed to the simulator.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { BinaryNode, KeyPair, proto } from '@whiskeysockets/baileys'
import { WebSocketServer, type WebSocket } from 'ws'
import type { Connection } from '../directory/types.js'
import { NoiseServer } from './noise-server.js'

export interface TransportHandlers {
  onPayload(conn: Connection, payload: proto.ClientPayload): void
  onNode(conn: Connection, node: BinaryNode): Promise<void>
  onClose(conn: Connection): void
  onError(conn: Connection, err: unknown): void
  onHttp(req: IncomingMessage, res: ServerResponse): void
}

export class Transport {
  private http!: Server
  private wss!: WebSocketServer
  private seq = 0
  readonly conns = new Set<Connection>()
  port = 0

  constructor(private readonly keys: { staticKeyPair: KeyPair; certChain: Uint8Array }, private readonly h: TransportHandlers) {}

  async listen(port: number): Promise<void> {
    this.http = createServer((req, res) => this.h.onHttp(req, res))
    this.wss = new WebSocketServer({ server: this.http, path: '/ws/chat', perMessageDeflate: false })
    this.wss.on('connection', (ws) => this.accept(ws))
    // Loopback only: the simulator and its control API must never be reachable from outside.
    await new Promise<void>((resolve, reject) => {
      this.http.once('error', reject)
      this.http.listen(port, '127.0.0.1', () => resolve())
    })
    this.port = (this.http.address() as { port: number }).port
  }

  async close(): Promise<void> {
    for (const c of this.conns) c.ws.terminate()
    await new Promise<void>((resolve) => this.wss.close(() => resolve()))
    this.http.closeAllConnections()
    await new Promise<void>((resolve) => this.http.close(() => resolve()))
  }

  private accept(ws: WebSocket): void {
    const conn: Connection = { id: ++this.seq, ws, noise: new NoiseServer(this.keys.staticKeyPair, this.keys.certChain), phase: 'hello' }
    this.conns.add(conn)
    // Frames of one socket are processed strictly in order, even when a handler awaits crypto.
    let chain = Promise.resolve()
    ws.on('message', (data: Buffer) => {
      chain = chain.then(() => this.onData(conn, data)).catch((err) => { this.h.onError(conn, err); ws.close() })
    })
    ws.on('close', () => { this.conns.delete(conn); this.h.onClose(conn) })
    ws.on('error', (err) => this.h.onError(conn, err))
  }

  private async onData(conn: Connection, data: Buffer): Promise<void> {
    for (const frame of conn.noise.push(data)) {
      if (conn.phase === 'hello') {
        conn.ws.send(conn.noise.onClientHello(frame))
        conn.phase = 'finish'
      } else if (conn.phase === 'finish') {
        const { clientStatic, payload } = conn.noise.onClientFinish(frame)
        conn.phase = 'open'
        conn.clientStatic = clientStatic
        this.h.onPayload(conn, payload)
      } else {
        await this.h.onNode(conn, await conn.noise.decodeNode(frame))
      }
    }
  }
}
