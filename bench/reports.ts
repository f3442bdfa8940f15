/**
 * reports: how long `/admin/reports` takes for the last 30 days with `--count` calls (default 1,000,000) of
 * history in PostgreSQL (DATABASE_URL: a fresh database, dropped afterwards). Seeds with the same generator
 * as `npm run seed:calls`, ANALYZEs, then times the page over HTTP as an admin (cold first, then warm runs),
 * and prints the plan of the heaviest statement (the team's figures) from EXPLAIN (ANALYZE, BUFFERS).
 */
import { numberOption } from './lib/args.ts'
import { header, now, summary } from './lib/report.ts'
import { startBenchApp } from './lib/server.ts'
import { Prisma } from '../src/db/client.ts'
import { seedCallHistory } from '../src/reports/history.ts'
import { agentFiguresSql, callFiguresSql, waitPercentileSql } from '../src/reports/figures.ts'
import { addDays, localDate } from '../src/reports/query.ts'

const count = numberOption('count', 1_000_000)
const days = numberOption('days', 365)
const runs = numberOption('runs', 10)

if (!process.env.DATABASE_URL) throw new Error('set DATABASE_URL to a PostgreSQL server (a fresh database is made and dropped)')
const t = await startBenchApp({ frontDoor: true })
try {
  const seeding = now()
  await seedCallHistory(t.prisma, { count, days, progress: (n) => process.stderr.write(`\rseeded ${n}`) })
  process.stderr.write('\n')
  const seededMs = now() - seeding
  for (const table of ['Call', 'CallEvent', 'AgentStateChange']) await t.prisma.$executeRawUnsafe(`VACUUM ANALYZE "${table}"`)
  const zone = (await t.prisma.businessHours.findUnique({ where: { id: 1 }, select: { timeZone: true } }))?.timeZone ?? 'UTC'
  const to = localDate(new Date(), zone)
  const from = addDays(to, -29)
  const admin = await t.loggedIn('admin')
  const path = `/admin/reports?from=${from}&to=${to}`
  const [{ inPeriod } = { inPeriod: 0n }] = await t.prisma.$queryRaw<{ inPeriod: bigint }[]>`SELECT COUNT(*) AS "inPeriod" FROM "Call" WHERE "createdAt" >= ${new Date(Date.now() - 30 * 86_400_000)}::timestamp`

  const timed = async () => {
    const started = now()
    const response = await admin.get(path)
    await response.text()
    if (response.status !== 200) throw new Error(`${path} answered ${response.status}`)
    return now() - started
  }
  const cold = await timed()
  const samples: number[] = []
  for (let i = 0; i < runs; i++) samples.push(await timed())
  const csvStarted = now()
  const csv = await admin.get(`/admin/reports/figures.csv?from=${from}&to=${to}`)
  await csv.text()
  const csvMs = now() - csvStarted

  const query = { from, to, queueId: null, timeZone: zone, serviceLevelSeconds: 20 }
  const explain = async (statement: Prisma.Sql) => (await t.prisma.$queryRaw<{ 'QUERY PLAN': string }[]>(Prisma.sql`EXPLAIN (ANALYZE, BUFFERS) ${statement}`)).map((row) => row['QUERY PLAN'])
  const plans = {
    'team figures, per hour, waits, per day (one statement)': await explain(callFiguresSql(query)),
    '90th percentile wait': await explain(waitPercentileSql(query)),
    'per agent': await explain(agentFiguresSql(query)),
  }

  const s = summary(samples)
  console.log(header('reports', t.database, { count, days, runs, period: `${from}..${to} (${zone})` }))
  console.log(`- calls in the database: ${count.toLocaleString('en-US')} over ${days} days (seeded in ${(seededMs / 1000).toFixed(1)} s); in the 30-day period: ${Number(inPeriod).toLocaleString('en-US')}`)
  console.log(`- GET ${path}: cold ${cold.toFixed(0)} ms; warm p50 ${s.p50.toFixed(0)} ms, p95 ${s.p95.toFixed(0)} ms, max ${s.max.toFixed(0)} ms (${runs} runs)`)
  console.log(`- GET /admin/reports/figures.csv (same period): ${csvMs.toFixed(0)} ms`)
  for (const [name, plan] of Object.entries(plans)) {
    console.log(`- plan of the ${name} (EXPLAIN ANALYZE, BUFFERS):`)
    console.log('')
    console.log('```')
    for (const line of plan) console.log(line)
    console.log('```')
  }
} finally {
  await t.close()
}
