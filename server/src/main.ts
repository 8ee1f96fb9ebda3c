// Reads config, opens the infrastructure, starts the roles in WARTA_ROLES, listens, and shuts down
// cleanly on SIGTERM/SIGINT. Nothing else in the codebase starts servers or reads the environment.
import { buildApp } from './app.js'
import { ConfigError, loadConfig, type Config } from './config/config.js'
import { migrateDatabase, openDatabase } from './db/client.js'
import { openRedis, RedisUnavailableError } from './infra/redis.js'
import { createLogger, type Logger } from './shared/logger.js'
import { startRoles } from './roles.js'

async function main(): Promise<void> {
  let config: Config
  try {
    config = loadConfig({ argv: process.argv.slice(2) })
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\nFix these settings (see .env.example) and start again.\n`)
      process.exit(78)
    }
    throw err
  }
  const logger: Logger = createLogger(config.log.level)
  const database = await openDatabase({ url: config.db.url, dataDir: config.dataDir, poolSize: config.db.poolSize, prepare: config.db.prepare })
  await migrateDatabase(database)
  let redis
  try {
    redis = await openRedis({ url: config.redis.url, dataDir: config.dataDir, logger })
  } catch (err) {
    if (err instanceof RedisUnavailableError) {
      process.stderr.write(`${err.message}\n`)
      await database.close()
      process.exit(69)
    }
    throw err
  }

  // A stray rejection must not take every tenant's socket down with it; it is a bug, so say so.
  process.on('unhandledRejection', (err) => logger.error({ err }, 'unhandled promise rejection'))
  const roles = await startRoles({ config, database, redis, logger })
  const app = await buildApp({ config, database, redis, logger, apiPlugins: roles.apiPlugins, rootPlugins: roles.rootPlugins })
  await app.listen({ port: config.http.port, host: config.http.host })
  const address = app.server.address()
  const port = typeof address === 'object' && address ? address.port : config.http.port
  const url = config.http.publicUrl.replace(`:${config.http.port}`, `:${port}`)
  logger.info({ roles: config.roles, db: database.driver, redisEmbedded: redis.embedded, demo: config.demo }, 'Warta is running')
  process.stdout.write(`\n  Warta is running at ${url}${config.demo ? '  (demo mode: simulated phone and customers)' : ''}\n\n`)

  let stopping = false
  const shutdown = async (signal: string) => {
    if (stopping) return
    stopping = true
    logger.info({ signal }, 'shutting down')
    const force = setTimeout(() => process.exit(1), 20_000)
    force.unref()
    try {
      await app.close()          // stop taking requests first
      await roles.stop()         // then flush sessions and workers
      await database.close()
      await redis.close()
    } catch (err) {
      logger.error({ err }, 'error during shutdown')
    }
    process.exit(0)
  }
  process.on('SIGTERM', () => void shutdown('SIGTERM'))
  process.on('SIGINT', () => void shutdown('SIGINT'))
}

main().catch((err) => {
  process.stderr.write(`Warta failed to start: ${(err as Error).stack ?? err}\n`)
  process.exit(1)
})
