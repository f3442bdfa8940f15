import { mkdir, readFile, writeFile } from 'node:fs/promises'
import { join, resolve } from 'node:path'
import { randomBytes } from 'node:crypto'
import { ConfigError, loadConfig, type Config } from './config.ts'
import { buildApp, type DatabaseKind } from './app.ts'
import { createPrisma, embeddedPool } from './db/client.ts'
import { startEmbeddedDatabase } from './db/embedded.ts'
import { advertiseRunningDatabase, embeddedDatabaseDir, runningDatabaseUrl } from './db/data-dir.ts'
import { applyMigrations } from './db/schema-engine.ts'
import { migrationsDir } from './paths.ts'
import { seedDemoAgents } from './agents/seed.ts'
import { seedDemoFrontDoor } from './front-door/seed.ts'
import { seedCallHistory } from './reports/history.ts'

async function main() {
  const config = loadConfigOrExit()
  const database = await openDatabase(config)
  await applyMigrations(database.url, migrationsDir)
  const prisma = createPrisma(database.url, database.kind === 'embedded' ? embeddedPool : {})
  const demoSeeded = database.kind === 'embedded' && config.env !== 'production'
  if (demoSeeded) await seedDemoAgents(prisma)
  const sessionSecret = config.sessionSecret ?? (await persistedSecret(config.dataDir))
  const app = await buildApp({ config, prisma, databaseKind: database.kind, databaseUrl: database.url, sessionSecret, demoSeeded })
  for (const warning of config.warnings) app.log.warn(warning)
  if (demoSeeded && (await seedDemoFrontDoor(prisma, app.telephony.number))) {
    app.frontDoor.forget()
    // A newcomer's reports are not empty: a week of simulated history, once, with the demo team.
    const calls = await seedCallHistory(prisma, { count: 1200, days: 7 })
    app.log.info(`Seeded ${calls} simulated calls of the past week for the reports`)
  }
  await app.listen({ port: config.port, host: config.host })
  app.log.info(`Switchboard is ready at ${app.publicUrl()} (database: ${database.kind}, telephony: ${app.telephony.mode})`)
  if (app.telephony.mode === 'simulator') app.log.info(`Place a simulated call with npm run call, or at ${app.publicUrl()}/simulator as an admin`)

  const stop = async () => {
    await app.close()
    await prisma.$disconnect()
    await database.close()
    process.exit(0)
  }
  process.once('SIGINT', stop)
  process.once('SIGTERM', stop)
}

function loadConfigOrExit(): Config {
  try {
    return loadConfig()
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error
    console.error(error.message)
    process.exit(1)
  }
}

async function openDatabase(config: Config): Promise<{ url: string; kind: DatabaseKind; close(): Promise<void> }> {
  if (config.databaseUrl) return { url: config.databaseUrl, kind: 'postgres', close: async () => {} }
  const other = await runningDatabaseUrl(config.dataDir)
  if (other) throw new Error(`Another Switchboard is running on DATA_DIR ${resolve(config.dataDir)} (its database answers at ${other}); stop it first`)
  const embedded = await startEmbeddedDatabase({ dataDir: embeddedDatabaseDir(config.dataDir) })
  const withdraw = await advertiseRunningDatabase(config.dataDir, embedded.url)
  const close = async () => {
    await withdraw()
    await embedded.close()
  }
  return { url: embedded.url, kind: 'embedded', close }
}

/** Without SESSION_SECRET (allowed outside production) a random one is kept beside the data, so logins survive restarts. */
async function persistedSecret(dataDir: string): Promise<string> {
  const file = join(resolve(dataDir), 'session-secret')
  const existing = await readFile(file, 'utf8').catch(() => '')
  if (existing.trim().length >= 32) return existing.trim()
  const secret = randomBytes(32).toString('base64url')
  await mkdir(resolve(dataDir), { recursive: true })
  await writeFile(file, secret, { mode: 0o600 })
  return secret
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error)
  process.exit(1)
})
