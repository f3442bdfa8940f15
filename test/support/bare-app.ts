import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { FastifyInstance } from 'fastify'
import { vi } from 'vitest'
import { buildApp } from '../../src/app.ts'
import { loadConfig } from '../../src/config.ts'
import { createPrisma, embeddedPool, type PrismaClient } from '../../src/db/client.ts'
import { freshDatabase, type TestDatabase } from './database.ts'
import { TestClient } from './http.ts'

export interface BareApp {
  app: FastifyInstance
  url: string
  prisma: PrismaClient
  dataDir: string
  /** What the app logged at warn level, as `main` would print it. */
  warnings: string[]
  client(): TestClient
  close(): Promise<void>
}

export interface BareAppOptions {
  /** Runs before the app starts listening (e.g. to create agents). */
  before?: (prisma: PrismaClient) => Promise<unknown>
  dataDir?: string
  database?: TestDatabase
}

/** The app as production starts it: no demo team, nobody in the database unless `before` adds them. */
export async function startBareApp(options: BareAppOptions = {}): Promise<BareApp> {
  const database = options.database ? { ...options.database, close: async () => {} } : await freshDatabase()
  const prisma = createPrisma(database.url, database.kind === 'embedded' ? embeddedPool : {})
  await options.before?.(prisma)
  const ownDataDir = options.dataDir ? undefined : await mkdtemp(join(tmpdir(), 'switchboard-bare-'))
  const dataDir = options.dataDir ?? ownDataDir ?? ''
  const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'warn', HOST: '127.0.0.1', PORT: '0', DATA_DIR: dataDir })
  const app = await buildApp({ config, prisma, databaseKind: database.kind, databaseUrl: database.url, sessionSecret: 'test-secret-'.padEnd(40, 'x'), outbox: { autostart: false } })
  const warnings: string[] = []
  vi.spyOn(app.log, 'warn').mockImplementation((...args: unknown[]) => void warnings.push(args.map(String).join(' ')))
  await app.listen({ port: 0, host: '127.0.0.1' })
  const address = app.server.address()
  const url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`
  return {
    app,
    url,
    prisma,
    dataDir,
    warnings,
    client: () => new TestClient(url),
    async close() {
      await app.close()
      await prisma.$disconnect()
      await database.close()
      if (ownDataDir) await rm(ownDataDir, { recursive: true, force: true })
    },
  }
}
