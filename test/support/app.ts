import type { FastifyInstance } from 'fastify'
import { buildApp } from '../../src/app.ts'
import { loadConfig } from '../../src/config.ts'
import { createPrisma, type PrismaClient } from '../../src/db/client.ts'
import { seedDemoAgents } from '../../src/agents/seed.ts'
import { freshDatabase } from './database.ts'
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

/** The whole app on a fresh database (PostgreSQL from TEST_DATABASE_URL, else embedded), on a free loopback port. */
export async function startTestApp(env: Record<string, string> = {}): Promise<TestApp> {
  const database = await freshDatabase()
  const prisma = createPrisma(database.url)
  await seedDemoAgents(prisma)
  const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', HOST: '127.0.0.1', PORT: '0', ...env })
  const app = await buildApp({ config, prisma, databaseKind: database.kind, sessionSecret: 'test-secret-'.padEnd(40, 'x') })
  await app.listen({ port: 0, host: '127.0.0.1' })
  const url = app.publicUrl()
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
