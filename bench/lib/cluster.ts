import { spawn, type ChildProcess } from 'node:child_process'
import { createServer } from 'node:net'
import { projectRoot } from '../../src/paths.ts'
import { createPrisma, type PrismaClient } from '../../src/db/client.ts'
import { freshPostgres, type TestDatabase } from '../../test/support/database.ts'
import { RemoteSimulator } from './simulator-process.ts'
import { processCpuMs } from './cpu.ts'

export const benchSecret = 'bench-session-secret-shared-by-all-instances'

export interface ServerProcess {
  name: string
  url: string
  child: ChildProcess
  /** CPU time (user + system) the process has used so far, in ms. */
  cpuMs(): number
}

/**
 * App servers as `npm start` runs them (`src/main.ts`, each its own process) on one fresh PostgreSQL
 * database, with the Twilio simulator in a process of its own as "real" Twilio. Twilio's webhooks and every
 * callback URL go to the last server (PUBLIC_URL is its address); agents may use any of them.
 */
export interface BenchCluster {
  database: TestDatabase
  databaseName: string
  prisma: PrismaClient
  sim: RemoteSimulator
  servers: ServerProcess[]
  publicUrl: string
  /** Transactions committed in the run's database so far (each autocommit statement is one). */
  statements(): Promise<number>
  /** CPU time used so far by the PostgreSQL backends now connected to the run's database, in ms. */
  databaseCpuMs(): Promise<number>
  close(): Promise<void>
}

export async function startCluster(count: number, options: { timeScale: number; env?: Record<string, string> }): Promise<BenchCluster> {
  const serverUrl = process.env.DATABASE_URL
  if (!serverUrl) throw new Error('set DATABASE_URL to a PostgreSQL server (a fresh database is made and dropped)')
  const ports = await Promise.all(Array.from({ length: count }, freePort))
  const publicUrl = `http://127.0.0.1:${ports.at(-1)}`
  const [database, sim] = await Promise.all([freshPostgres(serverUrl), RemoteSimulator.start(publicUrl, options.timeScale)])
  // Agents here never click Done: with wrap-up on, each would take one call a minute. (The simulator counts as
  // real Twilio here, so RECORD_CALLS is off by default too.)
  const env = { WRAP_UP_SECONDS: '0', ...sim.env, ...options.env, DATABASE_URL: database.url, PUBLIC_URL: publicUrl, SESSION_SECRET: benchSecret }
  const servers = await Promise.all(ports.map((port, i) => startServer(String.fromCharCode(65 + i), port, env)))
  const prisma = createPrisma(database.url, { max: 4 })
  const [row] = await prisma.$queryRaw<{ version: string }[]>`SELECT version()`
  return {
    database,
    databaseName: `${row?.version.split(' on ')[0] ?? 'PostgreSQL'} (fresh database per run)`,
    prisma,
    sim,
    servers,
    publicUrl,
    async statements() {
      const [stats] = await prisma.$queryRaw<{ commits: number }[]>`SELECT xact_commit::int AS commits FROM pg_stat_database WHERE datname = current_database()`
      return stats?.commits ?? 0
    },
    async databaseCpuMs() {
      const backends = await prisma.$queryRaw<{ pid: number }[]>`SELECT pid FROM pg_stat_activity WHERE datname = current_database()`
      return backends.reduce((sum, { pid }) => sum + (processCpuMs(pid) ?? 0), 0)
    },
    async close() {
      await Promise.all(servers.map((server) => stop(server.child)))
      await prisma.$disconnect()
      await sim.close()
      await database.close()
    },
  }
}

async function startServer(name: string, port: number, env: Record<string, string>): Promise<ServerProcess> {
  const { DATABASE_URL: _bench, ...inherited } = process.env
  const profile = process.env.BENCH_SERVER_PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_SERVER_PROFILE}`] : []
  const child = spawn(process.execPath, [...profile, '--import', 'tsx', 'src/main.ts'], {
    cwd: projectRoot,
    env: { ...inherited, NODE_ENV: 'test', LOG_LEVEL: 'warn', HOST: '127.0.0.1', PORT: String(port), ...env },
    stdio: ['ignore', 'inherit', 'inherit'],
  })
  const url = `http://127.0.0.1:${port}`
  for (let waited = 0; !(await healthy(url)); waited += 200) {
    if (child.exitCode !== null || waited > 120_000) throw new Error(`server ${name} did not start`)
    await new Promise((resolve) => setTimeout(resolve, 200))
  }
  return { name, url, child, cpuMs: () => processCpuMs(child.pid!) ?? 0 }
}

const healthy = (url: string) => fetch(`${url}/healthz`).then((response) => response.ok, () => false)

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const address = server.address()
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))))
    })
  })
}

function stop(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null) return resolve()
    child.once('exit', () => resolve())
    child.kill('SIGTERM')
  })
}
