import { panelOnline, type OnlineAgent } from '../../test/support/agents.ts'
import { benchSecret, type BenchCluster } from './cluster.ts'
import { createAgents, signedSessionBrowser } from './agents.ts'
import { now } from './report.ts'

export interface Arrival {
  agent: OnlineAgent
  html: string
  at: number
}

/**
 * `count` agents online on one server (session, live socket, simulator Device that auto-answers, Go online),
 * all in this process, with every fragment they receive timestamped on arrival.
 */
export class Panels {
  readonly agents = new Map<number, OnlineAgent>()
  private readonly waiters = new Set<{ match: (arrival: Arrival) => boolean; resolve: (arrival: Arrival) => void }>()
  private readonly listeners = new Set<(arrival: Arrival) => void>()

  static async online(cluster: BenchCluster, serverUrl: string, count: number): Promise<Panels> {
    const panels = new Panels()
    const ids = await createAgents(cluster.prisma, count)
    for (let i = 0; i < ids.length; i += 20) {
      const batch = await Promise.all(
        ids.slice(i, i + 20).map(async (id) => panelOnline(serverUrl, await signedSessionBrowser(cluster.prisma, serverUrl, id, benchSecret), id, { simulatorUrl: cluster.sim.url, origin: cluster.publicUrl })),
      )
      for (const agent of batch) panels.watch(agent)
    }
    return panels
  }

  /** The first fragment from now on that matches, on any agent's socket. */
  next(match: (arrival: Arrival) => boolean, timeoutMs = 10_000): Promise<Arrival> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters.delete(waiter)
        reject(new Error(`no matching fragment within ${timeoutMs} ms`))
      }, timeoutMs)
      const waiter = { match, resolve: (found: Arrival) => (clearTimeout(timer), resolve(found)) }
      this.waiters.add(waiter)
    })
  }

  onEvery(listener: (arrival: Arrival) => void): void {
    this.listeners.add(listener)
  }

  async close(): Promise<void> {
    await Promise.all([...this.agents.values()].map((agent) => agent.close()))
  }

  private watch(agent: OnlineAgent): void {
    this.agents.set(agent.id, agent)
    agent.live.socket.on('message', (data) => {
      const found = { agent, html: String(data), at: now() }
      agent.live.messages.length = 0
      for (const waiter of this.waiters) if (waiter.match(found)) (this.waiters.delete(waiter), waiter.resolve(found))
      for (const listener of this.listeners) listener(found)
    })
  }
}
