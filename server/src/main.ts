// Reads config, opens the infrastructure, starts the roles in WARTA_ROLES, listens, and shuts down
// cleanly on SIGTERM/SIGINT. Nothing else in the codebase starts servers or reads the environment.
import { buildApp } from './app.js'
import { ConfigError, loadConfig, type Config } from './config/config.js'
import { migrateDatabase, openDatabase } from './db/client.js'
import { postgresJsFixesMissing } from './db/postgres-js-fix.js'
import { openRedis, RedisUnavailableError } from './infra/redis.js'
import { createLogger, type Logger } from './shared/logger.js'
import { createServices } from './composition.js'
import { startRoles } from './roles.js'
import { silenceLibsignalConsole } from './shared/libsignal-console.js'

async function main(): Promise<void> {
  // Before anything can load Baileys: libsignal's session dumps carry private keys.
  silenceLibsignalConsole()
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
  const missingFixes = database.driver === 'postgres' ? postgresJsFixesMissing() : []
  if (missingFixes.length) {
    logger.warn({ missingFixes }, 'this postgres.js version is not the one src/db/postgres-js-fix.ts patches: a PostgreSQL restart may crash the process or autocommit half a transaction; check whether the new version still needs the fixes')
  }
  let redis
  try {
    redis = await openRedis({ url: config.redis.url, dataDir: config.dataDir, logger, supervisor: { maxRestarts: config.redis.embeddedMaxRestarts } })
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
  const services = await createServices({ config, database, redis, logger })
  const roles = await startRoles(services)
  const app = await buildApp(services)
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
      await services.close()
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
