import { callIdFrom, isOffer, isRemoval, isStatus, versionFrom } from '../../test/support/agents.ts'
import { startCluster } from './cluster.ts'
import { Panels, type Arrival } from './panels.ts'
import { profiled } from './profile.ts'
import { now } from './report.ts'

export interface SequentialOptions {
  instances: number
  agents: number
  calls: number
  warmup: number
  timeScale: number
}

export interface SequentialResult {
  database: string
  phases: Record<'offer' | 'acceptResponse' | 'connectingPush' | 'inProgress' | 'endResponse' | 'removal', number[]>
  checks: [string, string][]
}

/**
 * Calls one after another through `instances` servers: Twilio's webhooks reach the last one, the agents'
 * panels are on the first. Each call: the caller dials → offer on a panel; Accept → in-progress card; End →
 * removal. A fragment that never comes is counted (and the caller hung up), not waited for forever.
 */
export async function runSequential(options: SequentialOptions): Promise<SequentialResult> {
  const cluster = await startCluster(options.instances, { timeScale: options.timeScale })
  const simulator = cluster.sim
  const setupStarted = now()
  const panels = await Panels.online(cluster, cluster.servers[0]!.url, options.agents)
  const setupMs = now() - setupStarted
  const phases: SequentialResult['phases'] = { offer: [], acceptResponse: [], connectingPush: [], inProgress: [], endResponse: [], removal: [] }
  let wrongSocket = 0
  let missing = 0
  const holdsBefore = simulator.holds
  const cpuBefore = cluster.servers.map((server) => server.cpuMs())
  const statementsBefore = await cluster.statements()

  async function oneCall(i: number): Promise<void> {
    const timed = i >= options.warmup
    const started = now()
    const offered = panels.next((a) => isOffer(a.html)).catch(() => null)
    const sid = await simulator.place(`+1555${String(1_000_000 + i).slice(-7)}`)
    const offer = await offered
    if (!offer) return void (missing++, simulator.hangUp(sid))
    const callId = callIdFrom(offer.html)
    const agent = offer.agent
    const row = await cluster.prisma.call.findUniqueOrThrow({ where: { id: callId }, select: { agentId: true, twilioSid: true } })
    if (row.agentId !== agent.id || row.twilioSid !== sid) wrongSocket++

    const onAgent = (match: (html: string) => boolean) => panels.next((a: Arrival) => a.agent === agent && match(a.html)).catch(() => null)
    const connecting = onAgent(isStatus(callId, 'connecting'))
    const talking = onAgent(isStatus(callId, 'in_progress'))
    const acceptStarted = now()
    const accepted = await agent.browser.htmxPost(`/calls/${callId}`, { action: 'accept', version: versionFrom(offer.html) })
    const acceptAnswered = now()
    if (accepted.status !== 200) throw new Error(`accept answered ${accepted.status}: ${await accepted.text()}`)
    await accepted.text()
    const [pushed, inProgress] = await Promise.all([connecting, talking])
    if (!pushed || !inProgress) return void (missing++, simulator.hangUp(sid))

    const completed = simulator.reached(sid, 'completed')
    const removed = onAgent(isRemoval(callId))
    const endStarted = now()
    const ended = await agent.browser.htmxPost(`/calls/${callId}`, { action: 'end', version: versionFrom(inProgress.html) })
    const endAnswered = now()
    if (ended.status !== 200) throw new Error(`end answered ${ended.status}`)
    await ended.text()
    const removal = await removed
    await completed
    if (!removal) return void missing++
    if (!timed) return
    phases.offer.push(offer.at - started)
    phases.acceptResponse.push(acceptAnswered - acceptStarted)
    phases.connectingPush.push(pushed.at - acceptStarted)
    phases.inProgress.push(inProgress.at - acceptStarted)
    phases.endResponse.push(endAnswered - endStarted)
    phases.removal.push(removal.at - endStarted)
  }

  await profiled(`accept-latency-${options.instances}`, async () => {
    for (let i = 0; i < options.warmup + options.calls; i++) await oneCall(i)
  })
  const holdWebhooks = simulator.holds - holdsBefore
  const statements = (await cluster.statements()) - statementsBefore
  const total = options.warmup + options.calls
  const cpu = cluster.servers.map((server, i) => `${server.name} ${((server.cpuMs() - cpuBefore[i]!) / total).toFixed(2)}`).join(', ')
  await panels.close()
  await cluster.close()
  return {
    database: cluster.databaseName,
    phases,
    checks: [
      ['offers on the right socket', `${total - missing - wrongSocket}/${total}`],
      ['calls with a fragment missing (10 s)', String(missing)],
      ['server CPU ms per call (by instance)', cpu],
      ['database transactions per call (all instances and the bench’s own checks)', (statements / total).toFixed(1)],
      ['hold-music webhooks per call (simulated media × timeScale)', (holdWebhooks / total).toFixed(1)],
      ['setup: agents online (s)', (setupMs / 1000).toFixed(1)],
    ],
  }
}
