import { monitorEventLoopDelay } from 'node:perf_hooks'
import { callIdFrom, isOffer, isStatus, versionFrom } from '../../test/support/agents.ts'
import { startCluster } from './cluster.ts'
import { Panels, type Arrival } from './panels.ts'
import { now } from './report.ts'

export interface SustainedOptions {
  instances: number
  agents: number
  rate: number
  durationSec: number
  talkSec: number
  timeScale: number
}

export interface SustainedResult {
  database: string
  samples: { offer: number[]; inProgress: number[] }
  checks: [string, string][]
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/** Waits until `left()` is 0, or has not gone down for `patienceMs` (calls stuck, not merely late); the time it took. */
async function drained(left: () => Promise<number>, patienceMs: number): Promise<number> {
  const started = now()
  let last = await left()
  let movedAt = now()
  while (last > 0 && now() - movedAt < patienceMs) {
    await sleep(250)
    const current = await left()
    if (current < last) movedAt = now()
    last = current
  }
  return now() - started
}

/**
 * A steady stream of callers: `rate` new calls a second for `durationSec`, each offered to a free agent whose
 * panel clicks Accept at once and End after `talkSec`. Afterwards every call must have ended as completed:
 * none lost (never stored or never offered) and none stuck (not ended once the talking is over).
 */
export async function runSustained(options: SustainedOptions): Promise<SustainedResult> {
  const cluster = await startCluster(options.instances, { timeScale: options.timeScale })
  const simulator = cluster.sim
  const panels = await Panels.online(cluster, cluster.servers[0]!.url, options.agents)
  const placedAt = new Map<string, number>()
  const acceptedAt = new Map<number, number>()
  const samples: SustainedResult['samples'] = { offer: [], inProgress: [] }
  const offered = new Set<number>()
  const counts = { reoffers: 0, acceptRefused: 0, endRefused: 0, errors: 0 }
  let inFlight = 0
  let mostInFlight = 0

  const onArrival = async (arrival: Arrival) => {
    const { agent, html, at } = arrival
    if (isOffer(html)) {
      const callId = callIdFrom(html)
      const placed = placedAt.get(html.match(/\+1555\d{7}/)?.[0] ?? '')
      if (offered.has(callId)) counts.reoffers++
      else if (placed !== undefined) samples.offer.push(at - placed)
      offered.add(callId)
      acceptedAt.set(callId, now())
      const answer = await agent.browser.htmxPost(`/calls/${callId}`, { action: 'accept', version: versionFrom(html) })
      if (answer.status !== 200) counts.acceptRefused++
      await answer.text()
      return
    }
    const callId = Number(html.match(/id="call-(\d+)"/)?.[1])
    if (!isStatus(callId, 'in_progress')(html) || !acceptedAt.has(callId)) return
    samples.inProgress.push(at - acceptedAt.get(callId)!)
    acceptedAt.delete(callId)
    await sleep(options.talkSec * 1000)
    const answer = await agent.browser.htmxPost(`/calls/${callId}`, { action: 'end', version: versionFrom(html) })
    if (answer.status !== 200) counts.endRefused++
    await answer.text()
  }
  panels.onEvery((arrival) => void onArrival(arrival).catch(() => counts.errors++))

  const total = Math.round(options.rate * options.durationSec)
  const sids: string[] = []
  const cpuBefore = cluster.servers.map((server) => server.cpuMs())
  const [simulatorCpuBefore, databaseCpuBefore] = [simulator.cpuMs(), await cluster.databaseCpuMs()]
  const benchCpuBefore = process.cpuUsage()
  const loopDelay = monitorEventLoopDelay({ resolution: 10 })
  loopDelay.enable()
  const started = now()
  for (let i = 0; i < total; i++) {
    const due = started + (i * 1000) / options.rate
    if (due > now()) await sleep(due - now())
    const from = `+1555${String(1_000_000 + i).slice(-7)}`
    placedAt.set(from, now())
    sids.push(await simulator.place(from))
    inFlight = sids.filter((sid) => simulator.status(sid) !== 'completed').length
    mostInFlight = Math.max(mostInFlight, inFlight)
  }
  const placingMs = now() - started
  const drain = await drained(() => cluster.prisma.call.count({ where: { status: { not: 'ended' } } }), (options.talkSec + 30) * 1000)
  const cpuMs = cluster.servers.map((server, i) => server.cpuMs() - cpuBefore[i]!)
  const elapsedMs = now() - started
  const [simulatorCpu, databaseCpu] = [simulator.cpuMs() - simulatorCpuBefore, (await cluster.databaseCpuMs()) - databaseCpuBefore]
  const benchCpu = process.cpuUsage(benchCpuBefore)
  loopDelay.disable()

  const stored = await cluster.prisma.call.groupBy({ by: ['status', 'endReason'], _count: true })
  const completed = stored.find((row) => row.status === 'ended' && row.endReason === 'completed')?._count ?? 0
  const notEnded = stored.filter((row) => row.status !== 'ended').reduce((sum, row) => sum + row._count, 0)
  const storedTotal = stored.reduce((sum, row) => sum + row._count, 0)
  const callersNotCompleted = sids.filter((sid) => simulator.status(sid) !== 'completed').length
  await panels.close()
  await cluster.close()
  return {
    database: cluster.databaseName,
    samples,
    checks: [
      ['calls placed (achieved rate / s)', `${total} (${((total * 1000) / placingMs).toFixed(1)})`],
      ['**lost**: placed but never stored / never offered', `${total - storedTotal} / ${total - offered.size}`],
      ['**stuck**: not ended once nothing moved for the last talk + 30 s', String(notEnded)],
      ['after the last call was placed, all calls had ended in (s)', notEnded === 0 ? (drain / 1000).toFixed(1) : '–'],
      ['offered again (an offer that timed out or whose Accept failed)', String(counts.reoffers)],
      ['ended as completed', `${completed}/${total}`],
      ['callers whose line did not complete (simulator)', String(callersNotCompleted)],
      ['Accept / End answered other than 200', `${counts.acceptRefused} / ${counts.endRefused}`],
      ['client errors', String(counts.errors)],
      ['most callers on the line at once', String(mostInFlight)],
      ['**server CPU ms per call** (by instance)', cluster.servers.map((server, i) => `${server.name} ${(cpuMs[i]! / total).toFixed(2)}`).join(', ')],
      ['this process (panels and their Devices): CPU share of one core; event-loop delay p99', `${(((benchCpu.user + benchCpu.system) / 1000 / elapsedMs) * 100).toFixed(0)} %; ${(loopDelay.percentile(99) / 1e6).toFixed(0)} ms`],
      ['CPU ms per call: simulator process / PostgreSQL backends of the run', `${(simulatorCpu / total).toFixed(2)} / ${(databaseCpu / total).toFixed(2)}`],
      ['server CPU, share of one core over the run (by instance)', cluster.servers.map((server, i) => `${server.name} ${((cpuMs[i]! / elapsedMs) * 100).toFixed(0)} %`).join(', ')],
    ],
  }
}
