import { startTestApp, type TestApp, type TestAppOptions } from '../../test/support/app.ts'
import { freshPostgres } from '../../test/support/database.ts'

export interface BenchApp extends TestApp {
  /** "PostgreSQL 16.2 (fresh database per run)" or "embedded PGlite". */
  database: string
}

/**
 * The whole app on loopback with the simulator in-process: PostgreSQL from DATABASE_URL (a fresh database,
 * dropped afterwards) or the embedded PGlite. Media runs 1000× fast so Say and hold waits do not dominate.
 */
export async function startBenchApp(options: Pick<TestAppOptions, 'outbox' | 'simulator' | 'frontDoor'> = {}): Promise<BenchApp> {
  const serverUrl = process.env.DATABASE_URL
  const postgres = serverUrl ? await freshPostgres(serverUrl) : undefined
  const t = await startTestApp({
    database: postgres,
    frontDoor: options.frontDoor,
    outbox: { pollMs: 1000, ...options.outbox },
    simulator: { timeScale: 0.001, webhookTimeoutMs: 15_000, ...options.simulator },
  })
  const database = postgres ? `${await postgresVersion(t)} (fresh database per run)` : 'embedded PGlite (pool of 1)'
  return {
    ...t,
    database,
    async close() {
      await t.close()
      await postgres?.close()
    },
  }
}

async function postgresVersion(t: TestApp): Promise<string> {
  const [row] = await t.prisma.$queryRaw<{ version: string }[]>`SELECT version()`
  return row?.version.split(' on ')[0] ?? 'PostgreSQL'
}
