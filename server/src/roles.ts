// Starts what WARTA_ROLES asks for in this process: the gateway (WhatsApp sockets) and the worker
// (queue consumers). The api role is the HTTP app itself; roles contribute its route plugins.
import type { FastifyInstance } from 'fastify'
import type { Config } from './config/config.js'
import type { Database } from './db/client.js'
import type { RedisHandle } from './infra/redis.js'
import type { Logger } from './shared/logger.js'

export interface RoleDeps {
  config: Config
  database: Database
  redis: RedisHandle
  logger: Logger
}

export interface RunningRoles {
  apiPlugins: Array<(app: FastifyInstance) => Promise<void>>
  stop(): Promise<void>
}

export async function startRoles(_deps: RoleDeps): Promise<RunningRoles> {
  return { apiPlugins: [], stop: async () => {} }
}
