import { parseArgs } from 'node:util'
import { z } from 'zod'
import { createPrisma, embeddedPool } from '../db/client.ts'
import { openEmbeddedForTool, type OpenedDatabase } from '../db/data-dir.ts'
import { applyMigrations } from '../db/schema-engine.ts'
import { seedCallHistory } from './history.ts'

const usage = `usage: npm run seed:calls -- --count N [--days D]

Adds N simulated inbound calls (default 10000) spread over the last D days (default 30) to DATABASE_URL, or
when it is unset to the embedded database in DATA_DIR (default ./data), through the running app if it runs.
For the reports and their benchmark; run it against a database you can throw away.`

const options = z.object({
  count: z.coerce.number().int().min(1, '--count is at least 1').max(50_000_000),
  days: z.coerce.number().int().min(1, '--days is at least 1').max(3660),
})

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { count: { type: 'string', default: '10000' }, days: { type: 'string', default: '30' }, help: { type: 'boolean', default: false } } })
  if (values.help) return console.log(usage)
  const { count, days } = options.parse(values)
  const database = await openDatabase()
  try {
    if (!database.running) await applyMigrations(database.url)
    const prisma = createPrisma(database.url, database.embedded ? embeddedPool : {})
    try {
      const started = performance.now()
      if ((await prisma.agent.count({ where: { role: 'agent' } })) === 0) throw new Error('no agents to answer the calls: add some first (npm run agent:add)')
      const written = await seedCallHistory(prisma, { count, days, progress: (n) => process.stdout.write(`\r${n.toLocaleString('en-US')} calls`) })
      await prisma.$executeRawUnsafe('ANALYZE "Call"')
      await prisma.$executeRawUnsafe('ANALYZE "CallEvent"')
      await prisma.$executeRawUnsafe('ANALYZE "AgentStateChange"')
      console.log(`\n${written.toLocaleString('en-US')} calls over ${days} days in ${((performance.now() - started) / 1000).toFixed(1)} s`)
    } finally {
      await prisma.$disconnect()
    }
  } finally {
    await database.close()
  }
}

async function openDatabase(): Promise<OpenedDatabase & { embedded: boolean }> {
  const url = process.env.DATABASE_URL
  if (url) return { url: z.string().regex(/^postgres(ql)?:\/\//, 'DATABASE_URL must be a postgres:// URL').parse(url), running: false, embedded: false, close: async () => {} }
  return { ...(await openEmbeddedForTool(process.env.DATA_DIR || undefined)), embedded: true }
}

main().catch((error: unknown) => {
  const message = error instanceof z.ZodError ? (error.issues[0]?.message ?? 'invalid input') : error instanceof Error ? error.message : String(error)
  console.error(`seed:calls: ${message}`)
  process.exitCode = 1
})
