/**
 * fan-out: K admin sockets on /live watching the supervisor channel; one change (a call card rendered from the
 * one call partial) published to the channel per round; time from the push request to each socket's receipt,
 * and the server's RSS per socket. Clients live in a child process and own the clock (IPC trigger included).
 */
import { setFlagsFromString } from 'node:v8'
import { runInNewContext } from 'node:vm'
import type { WebSocket } from 'ws'
import { numberOption } from './lib/args.ts'
import { sessionBrowser } from './lib/agents.ts'
import { spawnTs } from './lib/child.ts'
import type { FanoutJob, ToParent } from './lib/fanout-clients.ts'
import { header, latencyTable, now, summary, table } from './lib/report.ts'
import { startBenchApp } from './lib/server.ts'
import { channels } from '../src/live/hub.ts'
import { callCardSelect } from '../src/calls/cards.ts'
import { wsUrl } from '../test/support/live.ts'

const socketCount = numberOption('sockets', 2000)
const rounds = numberOption('rounds', 20)

setFlagsFromString('--expose-gc')
const gc = runInNewContext('gc') as () => void
const settledRss = async () => {
  for (let i = 0; i < 3; i++) (gc(), await new Promise((resolve) => setTimeout(resolve, 50)))
  return process.memoryUsage()
}

const t = await startBenchApp()
const browser = await sessionBrowser(t.app, t.url, t.agents.admin.id)
let supervisorSubscriptions = 0
const subscribe = t.app.hub.subscribe.bind(t.app.hub)
t.app.hub.subscribe = (channel, listener) => {
  if (channel === channels.supervisor) supervisorSubscriptions++
  return subscribe(channel, listener)
}
t.app.hub.renderWith('bench-html', async (message) => String(message.local))
const row = await t.prisma.call.create({
  data: { twilioSid: `CA${'f'.repeat(32)}`, direction: 'inbound', status: 'in_progress', from: '+15551230000', to: '+15550100000', callerName: 'Fan Out', agentId: t.agents.alice.id, queuedAt: new Date(), answeredAt: new Date() },
  select: callCardSelect,
})

const before = await settledRss()
const job: FanoutJob = { liveUrl: `${wsUrl(t.url)}?board=1`, origin: t.url, cookie: browser.cookieHeader, sockets: socketCount, rounds, gapMs: 100 }
const child = spawnTs('./fanout-clients.ts', { BENCH_FANOUT: JSON.stringify(job) })
const publishMs: number[] = []
const result = await new Promise<Extract<ToParent, { type: 'done' }> & { connectMs: number; note: string; rss: number; heap: number; open: number }>((resolve, reject) => {
  let ready: Extract<ToParent, { type: 'ready' }>
  let note = '/live?board=1 subscribed each admin socket to the supervisor channel'
  let memory = { rss: 0, heap: 0, open: 0 }
  child.once('exit', (code, signal) => reject(new Error(`fan-out clients exited (${code ?? signal}) before reporting`)))
  child.on('message', async (message: ToParent) => {
    if (message.type === 'ready') {
      ready = message
      if (supervisorSubscriptions < socketCount) {
        note = `/live did not subscribe admins to the supervisor channel (${supervisorSubscriptions} did); the harness subscribed the server side of all ${socketCount} sockets`
        for (const socket of t.app.websocketServer.clients as Set<WebSocket>) subscribe(channels.supervisor, { send: (_html, frame) => socket.send(frame, { binary: false }), close: () => socket.close() })
      }
      const after = await settledRss()
      memory = { rss: after.rss - before.rss, heap: after.heapUsed + after.external - before.heapUsed - before.external, open: t.app.websocketServer.clients.size }
      child.send({ type: 'go' })
    } else if (message.type === 'push') {
      const started = now()
      const html = await t.app.view('calls/_push_replace', { call: { ...row, version: row.version + message.round }, viewerId: t.agents.alice.id })
      t.app.hub.publish(channels.supervisor, { kind: 'bench-html', local: html })
      publishMs.push(now() - started)
    } else {
      resolve({ ...message, connectMs: ready.connectMs, note, ...memory })
    }
  })
})

console.log(header('fan-out', t.database, { sockets: socketCount, rounds, clients: 'one child process (ws), clock on the client side, trigger over IPC' }))
console.log(
  latencyTable([
    { name: 'push requested → each socket’s receipt', samples: result.receipts },
    { name: '**push requested → last socket’s receipt** (per round)', samples: result.last },
    { name: 'server: render + publish to all (send calls return)', samples: publishMs },
  ]),
)
console.log('')
const per = (bytes: number) => `${(bytes / socketCount / 1024).toFixed(1)} KB`
console.log(
  table(
    ['memory', 'value'],
    [
      ['**server RSS delta / socket**', `**${per(result.rss)}**`],
      ['server JS heap + external delta / socket', per(result.heap)],
      ['RSS delta for all sockets', `${(result.rss / 2 ** 20).toFixed(1)} MB`],
      ['open sockets on the server', `${result.open}`],
      ['connect all (s)', (result.connectMs / 1000).toFixed(1)],
    ],
  ),
)
console.log('')
console.log(`Subscription: ${result.note}. Fragment: ${summary(publishMs).n} pushes of the call card partial (calls/_push_replace).`)
await t.close()
