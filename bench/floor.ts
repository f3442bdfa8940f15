/**
 * floor: what loopback and the database cost with nothing of ours in the way, measured one at a time in this
 * process, so the other figures can be read as multiples of it.
 */
import Fastify from 'fastify'
import formbody from '@fastify/formbody'
import WebSocket, { WebSocketServer } from 'ws'
import { numberOption } from './lib/args.ts'
import { header, latencyTable, now } from './lib/report.ts'
import { startBenchApp } from './lib/server.ts'

const count = numberOption('count', 5000)
const warmup = 500
const card = `<div id="call-1" hx-swap-oob="true" data-status="in_progress">${'x'.repeat(900)}</div>`

async function timeEach(run: () => Promise<unknown>): Promise<number[]> {
  for (let i = 0; i < warmup; i++) await run()
  const samples: number[] = []
  for (let i = 0; i < count; i++) {
    const started = now()
    await run()
    samples.push(now() - started)
  }
  return samples
}

const server = new WebSocketServer({ port: 0, host: '127.0.0.1' })
server.on('connection', (socket) => socket.on('message', (data) => socket.send(data)))
await new Promise((resolve) => server.once('listening', resolve))
const port = (server.address() as { port: number }).port
const client = new WebSocket(`ws://127.0.0.1:${port}`, { perMessageDeflate: false })
await new Promise((resolve) => client.once('open', resolve))
const echo = () => new Promise((resolve) => (client.once('message', resolve), client.send(card)))
const wsSamples = await timeEach(echo)
client.close()
server.close()

const bare = Fastify({ logger: false })
await bare.register(formbody)
bare.post('/echo', async (_request, reply) => reply.type('text/html').send(card))
await bare.listen({ port: 0, host: '127.0.0.1' })
const bareUrl = `http://127.0.0.1:${(bare.server.address() as { port: number }).port}/echo`
const post = async () => (await fetch(bareUrl, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'action=accept&version=1' })).text()
const postSamples = await timeEach(post)
await bare.close()

const t = await startBenchApp()
const selectSamples = await timeEach(() => t.prisma.$queryRaw`SELECT 1`)
await t.prisma.$executeRaw`CREATE TABLE bench_floor (id serial PRIMARY KEY, at timestamptz NOT NULL DEFAULT now())`
const commitSamples = await timeEach(() => t.prisma.$executeRaw`INSERT INTO bench_floor DEFAULT VALUES`)
const transactionSamples = await timeEach(() => t.prisma.$transaction(async (tx) => tx.$executeRaw`INSERT INTO bench_floor DEFAULT VALUES`))

console.log(header('floor', t.database, { 'round trips': count, warmup, payload: `${card.length} B`, client: 'in-process (ws, fetch, Prisma)' }))
console.log(
  latencyTable([
    { name: 'raw ws echo round trip', samples: wsSamples },
    { name: 'bare fastify POST round trip (fetch)', samples: postSamples },
    { name: 'Prisma SELECT 1', samples: selectSamples },
    { name: 'Prisma INSERT, autocommit', samples: commitSamples },
    { name: 'Prisma interactive transaction with one INSERT', samples: transactionSamples },
  ]),
)
await t.close()
