import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { FastifyInstance } from 'fastify'
import { buildApp, type AppOptions } from '../../src/app.ts'
import { loadConfig } from '../../src/config.ts'
import { createPrisma, embeddedPool, type PrismaClient } from '../../src/db/client.ts'
import { seedDemoAgents } from '../../src/agents/seed.ts'
import { seedDemoFrontDoor } from '../../src/front-door/seed.ts'
import { freshDatabase, type TestDatabase } from './database.ts'
import { TestClient } from './http.ts'

export interface Fixtures {
  admin: { id: number; email: string }
  alice: { id: number; email: string }
  bob: { id: number; email: string }
}

export interface TestApp {
  app: FastifyInstance
  url: string
  prisma: PrismaClient
  agents: Fixtures
  client(): TestClient
  loggedIn(agent: keyof Fixtures): Promise<TestClient>
  close(): Promise<void>
}

export interface TestAppOptions extends Pick<AppOptions, 'outbox' | 'simulator'> {
  env?: Record<string, string>
  /** A database to share with another app instance (restart tests); the caller closes it. */
  database?: TestDatabase
  port?: number
  /** The demo's queues, menu and (forced open) hours, as `npm start` seeds them. */
  frontDoor?: boolean
}

/** Simulated media runs 50× faster in tests; ringing a browser keeps Twilio's clock. */
const fastSimulator = { timeScale: 0.02, webhookTimeoutMs: 3000 }

/** The whole app on a fresh database (PostgreSQL from TEST_DATABASE_URL, else embedded), on a free loopback port. */
export async function startTestApp(options: TestAppOptions = {}): Promise<TestApp> {
  const database = options.database ? { ...options.database, close: async () => {} } : await freshDatabase()
  const prisma = createPrisma(database.url, database.kind === 'embedded' ? embeddedPool : {})
  await seedDemoAgents(prisma)
  const dataDir = options.env?.DATA_DIR ? undefined : await mkdtemp(join(tmpdir(), 'switchboard-test-data-'))
  const config = loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    HOST: '127.0.0.1',
    PORT: '0',
    // After-call work holds an agent after each call; the tests of wrap-up turn it on.
    WRAP_UP_SECONDS: '0',
    ...(dataDir ? { DATA_DIR: dataDir } : {}),
    ...options.env,
  })
  const app = await buildApp({
    config,
    prisma,
    databaseKind: database.kind,
    databaseUrl: database.url,
    sessionSecret: 'test-secret-'.padEnd(40, 'x'),
    outbox: { baseDelayMs: 20, pollMs: 200, ...options.outbox },
    simulator: { ...fastSimulator, ...options.simulator },
  })
  if (options.frontDoor) await seedDemoFrontDoor(prisma, app.telephony.number)
  await app.listen({ port: options.port ?? 0, host: '127.0.0.1' })
  const url = listeningUrl(app)
  const agents = await fixtures(prisma)
  const client = () => new TestClient(url)

  return {
    app,
    url,
    prisma,
    agents,
    client,
    async loggedIn(name) {
      const browser = client()
      const response = await browser.login(agents[name].email)
      if (response.status !== 303) throw new Error(`login as ${name} failed with ${response.status}`)
      return browser
    },
    async close() {
      await app.close()
      await prisma.$disconnect()
      await database.close()
      if (dataDir) await rm(dataDir, { recursive: true, force: true })
    },
  }
}

async function fixtures(prisma: PrismaClient): Promise<Fixtures> {
  const rows = await prisma.agent.findMany({ select: { id: true, email: true } })
  const byName = (name: string) => {
    const row = rows.find((agent) => agent.email === `${name}@example.com`)
    if (!row) throw new Error(`fixture ${name} missing`)
    return row
  }
  return { admin: byName('admin'), alice: byName('alice'), bob: byName('bob') }
}

/** The app's own address, whatever PUBLIC_URL says (tests may put a proxy in front). */
function listeningUrl(app: FastifyInstance): string {
  const address = app.server.address()
  return `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`
}
