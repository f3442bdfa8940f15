import { randomUUID } from 'node:crypto'
import type { PrismaClient } from '../db/client.ts'

export interface ConnectionOptions {
  heartbeatMs: number
  /** A panel not seen for this long counts as gone (its instance died without closing it). */
  ttlMs: number
}

const defaults: ConnectionOptions = { heartbeatMs: 10_000, ttlMs: 30_000 }

/**
 * Which agents have a panel open, in the database, so routing filters in SQL and every app instance sees
 * the same truth (Campfire's Membership::Connectable). Each instance refreshes its own panels' rows on a
 * heartbeat and deletes them when the sockets close or the instance stops.
 */
export class Connections {
  readonly instanceId = randomUUID()
  private readonly options: ConnectionOptions
  private readonly listeners = new Set<() => void>()
  private heartbeat: NodeJS.Timeout | undefined

  constructor(
    private readonly db: PrismaClient,
    options: Partial<ConnectionOptions> = {},
  ) {
    this.options = { ...defaults, ...options }
  }

  async open(agentId: number): Promise<string> {
    const id = randomUUID()
    const now = new Date()
    await this.db.connection.create({ data: { id, agentId, instanceId: this.instanceId, openedAt: now, seenAt: now } })
    this.changed()
    return id
  }

  async close(id: string): Promise<void> {
    await this.db.connection.deleteMany({ where: { id } })
    this.changed()
  }

  /** Panels seen since this moment are live. */
  liveSince(): Date {
    return new Date(Date.now() - this.options.ttlMs)
  }

  async connectedAgentIds(): Promise<Set<number>> {
    const rows = await this.db.connection.findMany({ where: { seenAt: { gt: this.liveSince() } }, distinct: ['agentId'], select: { agentId: true } })
    return new Set(rows.map((row) => row.agentId))
  }

  onChange(listener: () => void): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  start(): void {
    this.heartbeat ??= setInterval(() => void this.beat(), this.options.heartbeatMs)
    this.heartbeat.unref()
  }

  async stop(): Promise<void> {
    clearInterval(this.heartbeat)
    this.heartbeat = undefined
    await this.db.connection.deleteMany({ where: { instanceId: this.instanceId } }).catch(() => undefined)
  }

  /**
   * Keeps this instance's panels alive and forgets panels of instances that died long ago. Panels of a dead
   * instance that passed the TTL since the last beat change who is connected, though nobody closed them.
   */
  private async beat(): Promise<void> {
    const now = new Date()
    const ago = (ms: number) => new Date(now.getTime() - ms)
    await this.db.connection.updateMany({ where: { instanceId: this.instanceId }, data: { seenAt: now } }).catch(() => undefined)
    await this.db.connection.deleteMany({ where: { seenAt: { lt: ago(10 * this.options.ttlMs) } } }).catch(() => undefined)
    const expired = await this.db.connection.count({ where: { seenAt: { lte: ago(this.options.ttlMs), gt: ago(this.options.ttlMs + this.options.heartbeatMs) } } }).catch(() => 0)
    if (expired > 0) this.changed()
  }

  private changed(): void {
    for (const listener of this.listeners) listener()
  }
}
