import { createPrisma, type PrismaClient } from '../../src/db/client.ts'
import { seedDemoAgents } from '../../src/agents/seed.ts'
import { freshPostgres, type TestDatabase } from './database.ts'
import { startFrontDoor, type FrontDoor } from './front-door.ts'
import { startMain, type RunningApp } from './process.ts'
import { startStandaloneSimulator, type StandaloneSimulator } from './standalone-simulator.ts'

/** One `src/main.ts` process; `url` is its own address (PUBLIC_URL is the front door's). */
export interface Instance extends RunningApp {
  name: string
  /** SIGKILL: the process dies without closing anything, as on a crashed host. */
  kill(): Promise<void>
}

/**
 * Several app instances on one fresh PostgreSQL database, behind one public address. The standalone
 * simulator is "real" Twilio: its webhooks go to the front door, which sends every request to one
 * instance (`webhooks`), as a load balancer might; tests talk to the other instances directly.
 */
export interface Cluster {
  database: TestDatabase
  prisma: PrismaClient
  sim: StandaloneSimulator
  door: FrontDoor
  instances: Map<string, Instance>
  start(name: string): Promise<Instance>
  close(): Promise<void>
}

export const clusterSecret = 'several-instances-share-this-secret-0123456789'

export async function startCluster(serverUrl: string, env: Record<string, string> = {}): Promise<Cluster> {
  const [database, sim, door] = await Promise.all([freshPostgres(serverUrl), startStandaloneSimulator(), startFrontDoor()])
  sim.pointAt(door.url)
  const prisma = createPrisma(database.url, { max: 2 })
  await seedDemoAgents(prisma)
  const instances = new Map<string, Instance>()
  const shared = { ...sim.env, DATABASE_URL: database.url, SESSION_SECRET: clusterSecret, PUBLIC_URL: door.url, LOG_LEVEL: 'info', ...env }
  return {
    database,
    prisma,
    sim,
    door,
    instances,
    async start(name) {
      const instance = await startInstance(name, shared)
      instances.set(name, instance)
      return instance
    },
    async close() {
      const running = [...instances.values()].filter((instance) => instance.child.exitCode === null && instance.child.signalCode === null)
      await Promise.all(running.map((instance) => instance.stop()))
      await Promise.all([sim.close(), door.close(), prisma.$disconnect()])
      await database.close()
    },
  }
}

async function startInstance(name: string, env: Record<string, string>): Promise<Instance> {
  const app = await startMain(env)
  const own = app.output.join('').match(/Server listening at (http:\/\/127\.0\.0\.1:\d+)/)
  if (!own?.[1]) throw new Error(`instance ${name} did not say where it listens:\n${app.output.join('')}`)
  return {
    ...app,
    name,
    url: own[1],
    kill: () =>
      new Promise<void>((resolve) => {
        if (app.child.exitCode !== null || app.child.signalCode !== null) return resolve()
        app.child.once('exit', () => resolve())
        app.child.kill('SIGKILL')
      }),
  }
}
