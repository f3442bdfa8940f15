/**
 * accept-latency: N agents online on /live; for each of M calls, one after another:
 *   offer:  simulated caller dials (signed voice webhook) → offer card on the chosen agent's socket
 *   accept: Accept POST sent → in-progress card on that socket (REST redirect, Dial, Device answer, status callback)
 *   end:    End POST sent → removal fragment on that socket
 * Every time is taken with one clock (performance.now in this process) from the request's start to the fragment's arrival.
 */
import { benchAgentOnline, createAgents } from './lib/agents.ts'
import { numberOption } from './lib/args.ts'
import { profiled } from './lib/profile.ts'
import { header, latencyTable, now, table } from './lib/report.ts'
import { startBenchApp } from './lib/server.ts'
import { callIdFrom, isOffer, isRemoval, isStatus, versionFrom, type OnlineAgent } from '../test/support/agents.ts'

const agentCount = numberOption('agents', 200)
const callCount = numberOption('calls', 500)
const warmup = numberOption('warmup', 20)
const timeScale = numberOption('time-scale', 0.1)

interface Arrival {
  agentId: number
  html: string
  at: number
}

const t = await startBenchApp({ simulator: { timeScale } })
const waiters = new Set<{ match: (arrival: Arrival) => boolean; resolve: (arrival: Arrival) => void }>()
const arrival = (match: (arrival: Arrival) => boolean, timeoutMs = 10_000) =>
  new Promise<Arrival>((resolve, reject) => {
    const timer = setTimeout(() => {
      waiters.delete(waiter)
      reject(new Error(`no matching fragment within ${timeoutMs} ms`))
    }, timeoutMs)
    const waiter = { match, resolve: (found: Arrival) => (clearTimeout(timer), resolve(found)) }
    waiters.add(waiter)
  })

const agents = new Map<number, OnlineAgent>()
const ids = await createAgents(t.prisma, agentCount)
const setupStarted = now()
for (let i = 0; i < ids.length; i += 20) {
  const batch = await Promise.all(ids.slice(i, i + 20).map((id) => benchAgentOnline(t.app, t.url, id)))
  for (const agent of batch) {
    agents.set(agent.id, agent)
    agent.live.socket.on('message', (data) => {
      const found = { agentId: agent.id, html: String(data), at: now() }
      agent.live.messages.length = 0
      for (const waiter of waiters) if (waiter.match(found)) (waiters.delete(waiter), waiter.resolve(found))
    })
  }
}
const setupMs = now() - setupStarted

const phases = { offer: [] as number[], acceptResponse: [] as number[], connectingPush: [] as number[], inProgress: [] as number[], endResponse: [] as number[], removal: [] as number[] }
let wrongSocket = 0
let holdWebhooks = 0
const countHolds = t.app.simulator.events.on((event) => {
  if (event.type === 'webhook' && event.kind === 'wait') holdWebhooks++
})

await profiled('accept-latency', async () => {
for (let i = 0; i < warmup + callCount; i++) {
  const timed = i >= warmup
  const started = now()
  const offered = arrival((a) => isOffer(a.html))
  const { sid } = await t.app.simulator.placeInboundCall({ from: `+1555${String(1_000_000 + i).slice(-7)}` })
  const offer = await offered
  const callId = callIdFrom(offer.html)
  const agent = agents.get(offer.agentId)!
  const row = await t.prisma.call.findUniqueOrThrow({ where: { id: callId }, select: { agentId: true, twilioSid: true } })
  if (row.agentId !== agent.id || row.twilioSid !== sid) wrongSocket++

  const onAgent = (match: (html: string) => boolean) => arrival((a) => a.agentId === agent.id && match(a.html))
  const connecting = onAgent(isStatus(callId, 'connecting'))
  const talking = onAgent(isStatus(callId, 'in_progress'))
  const acceptStarted = now()
  const accepted = await agent.browser.htmxPost(`/calls/${callId}`, { action: 'accept', version: versionFrom(offer.html) })
  const acceptAnswered = now()
  if (accepted.status !== 200) throw new Error(`accept answered ${accepted.status}: ${await accepted.text()}`)
  await accepted.text()
  const [pushed, inProgress] = await Promise.all([connecting, talking])

  const completed = t.app.simulator.waitFor((e) => e.type === 'call.status' && e.callSid === sid && e.status === 'completed', 10_000)
  const removed = onAgent(isRemoval(callId))
  const endStarted = now()
  const ended = await agent.browser.htmxPost(`/calls/${callId}`, { action: 'end', version: versionFrom(inProgress.html) })
  const endAnswered = now()
  if (ended.status !== 200) throw new Error(`end answered ${ended.status}`)
  await ended.text()
  const removal = await removed
  await completed

  if (!timed) continue
  phases.offer.push(offer.at - started)
  phases.acceptResponse.push(acceptAnswered - acceptStarted)
  phases.connectingPush.push(pushed.at - acceptStarted)
  phases.inProgress.push(inProgress.at - acceptStarted)
  phases.endResponse.push(endAnswered - endStarted)
  phases.removal.push(removal.at - endStarted)
}
})
countHolds()

console.log(header('accept-latency', t.database, { agents: agentCount, calls: callCount, warmup, timeScale, 'calls in flight': 1 }))
console.log(
  latencyTable([
    { name: 'webhook → offer card on the agent’s socket', samples: phases.offer },
    { name: 'Accept POST → HTTP 200 (connecting card)', samples: phases.acceptResponse },
    { name: 'Accept POST → connecting card on socket', samples: phases.connectingPush },
    { name: '**Accept POST → in-progress card on socket**', samples: phases.inProgress },
    { name: 'End POST → HTTP 200', samples: phases.endResponse },
    { name: 'End POST → removal on socket', samples: phases.removal },
  ]),
)
console.log('')
console.log(
  table(
    ['check', 'value'],
    [
      ['offers on the right socket', `${callCount + warmup - wrongSocket}/${callCount + warmup}`],
      ['hold-music webhooks per call (simulated media × timeScale)', (holdWebhooks / (callCount + warmup)).toFixed(1)],
      ['setup: agents online (s)', (setupMs / 1000).toFixed(1)],
    ],
  ),
)
await Promise.all([...agents.values()].map((agent) => agent.close()))
await t.close()
