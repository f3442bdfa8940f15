/** `npm run bench`: every benchmark in turn, each in its own process; flags are passed to all of them. */
import { spawnSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'

const benchmarks = ['floor', 'accept-latency', 'webhook-throughput', 'fan-out']
for (const name of benchmarks) {
  if (name === 'accept-latency' && !process.env.DATABASE_URL) {
    console.log('accept-latency skipped: its servers run as separate processes on PostgreSQL (set DATABASE_URL)\n')
    continue
  }
  const path = fileURLToPath(new URL(`./${name}.ts`, import.meta.url))
  const run = spawnSync(process.execPath, ['--import', 'tsx', path, ...process.argv.slice(2)], { stdio: 'inherit' })
  if (run.status !== 0) process.exit(run.status ?? 1)
  console.log('')
}
