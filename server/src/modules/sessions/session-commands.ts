// Device commands between processes. An api-only process cannot touch sockets; it publishes the
// command on Redis and the gateway that holds the session (or, for connect, the first one able to
// take the lease) carries it out and replies. Single-process setups call the manager directly.
import { randomUUID } from 'node:crypto'
import type { Redis } from 'ioredis'
import type { Logger } from 'pino'
import { AppError, isAppError } from '../../shared/errors.js'
import type { SessionManager } from './session-manager.js'
import type { SessionControl } from './sessions.types.js'

type Action = 'connect' | 'requestPairingCode' | 'disconnect' | 'logout'
interface Command { id: string; action: Action; tenantId: string; args: string[] }
interface Reply { ok: boolean; result?: string; code?: string; message?: string; status?: number }

const channel = (prefix: string) => `${prefix}:session-cmd`
const replyChannel = (prefix: string, id: string) => `${prefix}:session-reply:${id}`

/** Runs in every gateway process. */
export class SessionCommandServer {
  constructor(private readonly sub: Redis, private readonly pub: Redis, private readonly prefix: string, private readonly manager: SessionManager, private readonly logger: Logger) {}

  async start(): Promise<void> {
    this.sub.on('message', (_ch: string, raw: string) => void this.handle(JSON.parse(raw) as Command))
    await this.sub.subscribe(channel(this.prefix))
  }

  private async handle(cmd: Command): Promise<void> {
    const owns = this.manager.owns(cmd.tenantId)
    // Only the holder answers, except connect, which any gateway may take on.
    if (!owns && cmd.action !== 'connect') return
    let reply: Reply
    try {
      const m = this.manager
      const result = cmd.action === 'requestPairingCode' ? await m.requestPairingCode(cmd.tenantId, cmd.args[0] ?? '') : (await m[cmd.action](cmd.tenantId), undefined)
      reply = { ok: true, ...(result ? { result } : {}) }
    } catch (err) {
      if (isAppError(err) && err.code === 'device.busy') return // another gateway has it
      reply = isAppError(err) ? { ok: false, code: err.code, message: err.message, status: err.status } : { ok: false, code: 'device.command_failed', message: (err as Error).message, status: 502 }
      if (!isAppError(err)) this.logger.error({ err, cmd: cmd.action }, 'session command failed')
    }
    await this.pub.publish(replyChannel(this.prefix, cmd.id), JSON.stringify(reply))
  }

  async stop(): Promise<void> { this.sub.disconnect() }
}

/** Used by api processes that run no gateway. `fallback` handles sessions no gateway holds. */
export class RemoteSessionControl implements SessionControl {
  constructor(
    private readonly pub: Redis,
    private readonly subFactory: () => Redis,
    private readonly prefix: string,
    private readonly fallback: Pick<SessionControl, 'disconnect' | 'logout'>,
    private readonly timeoutMs = 5000,
  ) {}

  private async send(action: Action, tenantId: string, args: string[] = []): Promise<string | undefined> {
    const id = randomUUID()
    const sub = this.subFactory()
    try {
      const answer = new Promise<Reply | undefined>((resolve) => {
        const timer = setTimeout(() => resolve(undefined), action === 'requestPairingCode' ? 20_000 : this.timeoutMs)
        sub.on('message', (_c: string, raw: string) => { clearTimeout(timer); resolve(JSON.parse(raw) as Reply) })
      })
      await sub.subscribe(replyChannel(this.prefix, id))
      await this.pub.publish(channel(this.prefix), JSON.stringify({ id, action, tenantId, args } satisfies Command))
      const reply = await answer
      if (!reply) {
        if (action === 'disconnect' || action === 'logout') { await this.fallback[action](tenantId); return undefined }
        throw new AppError('device.gateway_unavailable', 'No WhatsApp gateway answered. Try again in a moment.', 503)
      }
      if (!reply.ok) throw new AppError(reply.code ?? 'device.command_failed', reply.message ?? 'Command failed', reply.status ?? 502)
      return reply.result
    } finally {
      sub.disconnect()
    }
  }

  async connect(tenantId: string): Promise<void> { await this.send('connect', tenantId) }
  async requestPairingCode(tenantId: string, phone: string): Promise<string> { return (await this.send('requestPairingCode', tenantId, [phone]))! }
  async disconnect(tenantId: string): Promise<void> { await this.send('disconnect', tenantId) }
  async logout(tenantId: string): Promise<void> { await this.send('logout', tenantId) }
}
