import type { PrismaClient } from '../db/client.ts'
import type { Calls } from '../calls/calls.ts'
import { agentSelect, type SessionAgent } from './sessions.ts'

/** Going online makes the agent routable now; going offline hands back any offer they were holding. */
export class Presence {
  private readonly listeners = new Set<() => void>()

  constructor(
    private readonly db: PrismaClient,
    private readonly calls: Pick<Calls, 'withdrawOffers' | 'routeLater'>,
  ) {}

  /** Sets the agent's presence (away with its reason) and records the change with its time, in one transaction. */
  async change(agentId: number, presence: 'online' | 'away' | 'offline', reason: string | null = null): Promise<SessionAgent & { awayReason: string | null }> {
    const now = new Date()
    const awayReason = presence === 'away' ? reason : null
    const [agent] = await this.db.$transaction([
      this.db.agent.update({ where: { id: agentId }, data: { presence, awayReason, presenceSince: now }, select: { ...agentSelect, awayReason: true } }),
      this.db.agentStateChange.create({ data: { agentId, presence, reason: awayReason, createdAt: now } }),
    ])
    if (presence === 'online') this.calls.routeLater(true)
    else await this.calls.withdrawOffers(agentId)
    for (const listener of this.listeners) listener()
    return agent
  }

  find(agentId: number) {
    return this.db.agent.findUnique({ where: { id: agentId }, select: { id: true, presence: true, awayReason: true } })
  }

  onChange(listener: () => void): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }
}
