/**
 * webhook-throughput: signed `POST /twilio/voice` (a new call each time) at a fixed concurrency, beside a bare
 * fastify route in this same process returning the same static TwiML. autocannon runs in a child process.
 * `--menu` seeds the demo's queues, menu and hours, so each ring is answered with the menu.
 */
import Fastify from 'fastify'
import formbody from '@fastify/formbody'
import { numberOption } from './lib/args.ts'
import { jsonResult, spawnTs } from './lib/child.ts'
import type { CannonJob, CannonResult } from './lib/cannon.ts'
import { profiled } from './lib/profile.ts'
import { header, latencyTable, table } from './lib/report.ts'
import { startBenchApp } from './lib/server.ts'
import { greetAndEnqueue } from '../src/twilio/twiml.ts'

const connections = numberOption('connections', 50)
const durationSec = numberOption('duration', 10)
const warmupSec = numberOption('warmup', 3)

const withMenu = process.argv.includes('--menu')
const t = await startBenchApp({ frontDoor: withMenu })
const twiml = greetAndEnqueue(t.url)
const bare = Fastify({ logger: false })
await bare.register(formbody)
bare.post('/twilio/voice', async (_request, reply) => reply.type('text/xml').send(twiml))
await bare.listen({ port: 0, host: '127.0.0.1' })
const bareAddress = bare.server.address()
const bareUrl = `http://127.0.0.1:${typeof bareAddress === 'object' && bareAddress ? bareAddress.port : 0}`

async function cannon(base: string, seconds: number): Promise<CannonResult> {
  const job: CannonJob = { url: `${base}/twilio/voice`, signedUrl: `${t.url}/twilio/voice`, authToken: t.app.telephony.authToken, connections, durationSec: seconds }
  return jsonResult<CannonResult>(spawnTs('./cannon.ts', { BENCH_CANNON: JSON.stringify(job) }))
}

await cannon(bareUrl, warmupSec)
const bareCpuBefore = process.cpuUsage()
const bareResult = await cannon(bareUrl, durationSec)
const bareCpu = process.cpuUsage(bareCpuBefore)
const callsBefore = await t.prisma.call.count()
await cannon(t.url, warmupSec)
const callsWarm = await t.prisma.call.count()
const cpuBefore = process.cpuUsage()
const appResult = await profiled('webhook-throughput', () => cannon(t.url, durationSec))
const appCpu = process.cpuUsage(cpuBefore)
const callsStored = (await t.prisma.call.count()) - callsWarm
await t.app.outbox.idle()

console.log(header('webhook-throughput', t.database, { connections, duration: `${durationSec} s`, warmup: `${warmupSec} s`, client: 'autocannon 8 in a child process', answer: withMenu ? 'the demo menu (--menu)' : 'greeting + queue (no menu configured)' }))
const cpuPer = (cpu: NodeJS.CpuUsage, result: CannonResult) => ((cpu.user + cpu.system) / 1000 / Math.max(1, result.requests)).toFixed(3)
const ratio = appResult.requestsPerSec / bareResult.requestsPerSec
console.log(
  table(
    ['target', 'requests/s', 'requests', 'non-2xx', 'errors', 'timeouts', 'server CPU ms/request'],
    [
      ['bare fastify route, static TwiML', bareResult.requestsPerSec.toFixed(0), bareResult.requests, bareResult.non2xx, bareResult.errors, bareResult.timeouts, cpuPer(bareCpu, bareResult)],
      ['signed POST /twilio/voice (new call each)', appResult.requestsPerSec.toFixed(0), appResult.requests, appResult.non2xx, appResult.errors, appResult.timeouts, cpuPer(appCpu, appResult)],
      ['**ratio app / bare**', `**${ratio.toFixed(3)}×**`, '', '', '', '', ''],
    ],
  ),
)
console.log('')
console.log(
  latencyTable([
    { name: 'bare route latency', samples: bareResult.latencies },
    { name: 'POST /twilio/voice latency', samples: appResult.latencies },
  ]),
)
console.log('')
console.log(`Calls stored by the measured run: ${callsStored} (2xx answered: ${appResult.requests - appResult.non2xx}); before warm-up: ${callsBefore}.`)
await bare.close()
await t.close()
