// A stock Baileys socket plus everything it emitted, recorded from the start so callers cannot
// race its events. Used by the suites (through harness.ts) and by sim:check; no vitest here.
import type { WAMessage, WASocket } from '@whiskeysockets/baileys'
import type { MemoryAuth } from './baileys-client.js'

export type Update = { connection?: string; qr?: string; isNewLogin?: boolean; lastDisconnect?: { error?: unknown } }

export const statusOf = (u: Update): number | undefined => (u.lastDisconnect?.error as { output?: { statusCode?: number } } | undefined)?.output?.statusCode

export const textOf = (m: WAMessage): string => m.message?.conversation ?? m.message?.extendedTextMessage?.text ?? ''

/** One Baileys socket plus everything it emitted, recorded from the start so tests cannot race. */
export class Client {
  readonly updates: Update[] = []
  readonly upserts: Array<{ type: string; message: WAMessage }> = []
  readonly statuses: Array<{ id: string; status: number }> = []

  constructor(readonly sock: WASocket, readonly auth: MemoryAuth) {
    sock.ev.on('connection.update', (u) => this.updates.push(u as Update))
    sock.ev.on('messages.upsert', ({ messages, type }) => {
      for (const message of messages) {
        this.upserts.push({ type, message })
        // A receipt that lands while Baileys still buffers the own message is merged into it.
        if (message.key.fromMe && message.status) this.statuses.push({ id: message.key.id!, status: message.status })
      }
    })
    sock.ev.on('messages.update', (ups) => { for (const u of ups) if (u.update.status) this.statuses.push({ id: u.key.id!, status: u.update.status }) })
  }

  wait(pred: (u: Update) => boolean, ms = 15_000): Promise<Update> {
    return waitUntil(() => this.updates.find(pred), ms, 'connection update')
  }

  async qr(): Promise<string> { return (await this.wait((u) => Boolean(u.qr))).qr! }
  async opened(): Promise<void> { await this.wait((u) => u.connection === 'open') }
  async closeCode(ms?: number): Promise<number | undefined> { return statusOf(await this.wait((u) => u.connection === 'close', ms)) }

  texts(): string[] { return this.upserts.map((u) => textOf(u.message)) }
}

/** Polls until `fn` returns something truthy. */
export async function waitUntil<T>(fn: () => T | undefined | false, ms = 15_000, what = 'condition'): Promise<T> {
  const deadline = Date.now() + ms
  for (;;) {
    const v = fn()
    if (v) return v
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 20))
  }
}
