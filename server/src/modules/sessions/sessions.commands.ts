// Device commands between processes. An api-only process cannot touch sockets; it publishes the
// command on Redis and the gateway that holds the session (or, for connect, the first one able to
// take the lease) carries it out and replies. Single-process setups call the manager directly.
import { randomUUID } from 'node:crypto'
import type { Redis } from 'ioredis'
import type { Logger } from 'pino'
import { AppError, isAppError } from '../../shared/errors.js'
import type { SessionManager } from './sessions.manager.js'
import type { DeviceRef, SessionControl } from './sessions.types.js'
import type { Db } from '../../db/client.js'
import type { NumberCheck, WhatsAppPort } from '../../adapters/whatsapp/whatsapp.port.js'
import { markDisconnected, wipeDeviceState } from './sessions.offline.js'

type Action = 'connect' | 'requestPairingCode' | 'disconnect' | 'logout' | 'checkNumbers'
/** `deviceId` is empty for checkNumbers: any gateway holding a connected number of the tenant answers. */
interface Command { id: string; action: Action; tenantId: string; deviceId: string; args: string[] }
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
    const owns = cmd.action === 'checkNumbers' ? this.manager.ownsTenant(cmd.tenantId) : this.manager.owns(cmd.deviceId)
    // Only the holder answers, except connect and a pairing code, which start a session any
    // gateway may take on (the one that gets the lease answers; the others hear device.busy).
    if (!owns && cmd.action !== 'connect' && cmd.action !== 'requestPairingCode') return
    let reply: Reply
    try {
      const m = this.manager
      const device = { tenantId: cmd.tenantId, deviceId: cmd.deviceId }
      const result = cmd.action === 'requestPairingCode' ? await m.requestPairingCode(device, cmd.args[0] ?? '')
        : cmd.action === 'checkNumbers' ? JSON.stringify(await m.checkNumbers(cmd.tenantId, cmd.args))
        : (await m[cmd.action](device), undefined)
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

  private async send(action: Action, device: DeviceRef, args: string[] = []): Promise<string | undefined> {
    const id = randomUUID()
    const sub = this.subFactory()
    try {
      const answer = new Promise<Reply | undefined>((resolve) => {
        const timer = setTimeout(() => resolve(undefined), action === 'requestPairingCode' ? 20_000 : this.timeoutMs)
        sub.on('message', (_c: string, raw: string) => { clearTimeout(timer); resolve(JSON.parse(raw) as Reply) })
      })
      await sub.subscribe(replyChannel(this.prefix, id))
      await this.pub.publish(channel(this.prefix), JSON.stringify({ id, action, ...device, args } satisfies Command))
      const reply = await answer
      if (!reply) {
        if (action === 'disconnect' || action === 'logout') { await this.fallback[action](device); return undefined }
        throw new AppError('device.gateway_unavailable', 'No WhatsApp gateway answered. Try again in a moment.', 503)
      }
      if (!reply.ok) throw new AppError(reply.code ?? 'device.command_failed', reply.message ?? 'Command failed', reply.status ?? 502)
      return reply.result
    } finally {
      sub.disconnect()
    }
  }

  async connect(device: DeviceRef): Promise<void> { await this.send('connect', device) }
  async requestPairingCode(device: DeviceRef, phone: string): Promise<string> { return (await this.send('requestPairingCode', device, [phone]))! }
  async disconnect(device: DeviceRef): Promise<void> { await this.send('disconnect', device) }
  async logout(device: DeviceRef): Promise<void> { await this.send('logout', device) }
  async checkNumbers(tenantId: string, phones: string[]): Promise<NumberCheck[]> {
    return JSON.parse((await this.send('checkNumbers', { tenantId, deviceId: '' }, phones))!) as NumberCheck[]
  }
}

/**
 * What the device API talks to: the gateway of this process once roles.ts attached its manager,
 * else Redis commands to whichever gateway holds the session (and the database alone for a
 * disconnect or logout nobody answers).
 */
export class SessionControlSwitch implements SessionControl {
  private local: SessionControl | undefined
  private readonly remote: RemoteSessionControl

  constructor(pub: Redis, subFactory: () => Redis, prefix: string, db: Db, port: Pick<WhatsAppPort, 'wipeCredentials'>) {
    this.remote = new RemoteSessionControl(pub, subFactory, prefix, {
      disconnect: (device) => markDisconnected(db, device),
      logout: (device) => wipeDeviceState(db, port, device),
    })
  }

  /** The gateway in this process takes the commands from now on. */
  attach(local: SessionControl): void { this.local = local }

  private get target(): SessionControl { return this.local ?? this.remote }
  connect(device: DeviceRef): Promise<void> { return this.target.connect(device) }
  requestPairingCode(device: DeviceRef, phone: string): Promise<string> { return this.target.requestPairingCode(device, phone) }
  disconnect(device: DeviceRef): Promise<void> { return this.target.disconnect(device) }
  logout(device: DeviceRef): Promise<void> { return this.target.logout(device) }
  checkNumbers(tenantId: string, phones: string[]): Promise<NumberCheck[]> { return this.target.checkNumbers(tenantId, phones) }
}
