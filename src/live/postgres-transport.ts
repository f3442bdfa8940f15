import { randomUUID } from 'node:crypto'
import pg from 'pg'
import { z } from 'zod'
import type { FastifyBaseLogger } from 'fastify'
import { pgConfig } from '../db/pg-config.ts'
import type { LiveMessage, LiveTransport } from './hub.ts'
import { listenerName, PgListener, type ListenerOptions } from './pg-listener.ts'

/** NOTIFY refuses payloads of 8,000 bytes or more (PostgreSQL's default build). */
export const notifyLimitBytes = 8000
const pgChannel = 'switchboard_live'

const notification = z.object({
  channel: z.string(),
  instance: z.string(),
  message: z.looseObject({ kind: z.string() }),
})

export interface PostgresTransportOptions {
  url: string
  log: FastifyBaseLogger
  listener?: Partial<ListenerOptions>
  /** How often to count the other instances' LISTEN connections (default 5 s). */
  peerCheckMs?: number
}

/**
 * The live hub across app instances on one PostgreSQL: LISTEN on a dedicated connection, NOTIFY through a
 * connection of its own. A message goes to this instance's channel at once (with `local`, no round trip)
 * and to the others as JSON of the channel, the sender and the message without `local`; each instance
 * ignores its own notifications. Publishers call it after their statement has committed.
 */
export async function postgresTransport({ url, log, listener: listenerOptions, peerCheckMs = 5000 }: PostgresTransportOptions): Promise<LiveTransport & { instanceId: string; hasPeers(): boolean }> {
  const instanceId = randomUUID()
  const local = new Map<string, (message: LiveMessage) => void>()
  const reconnected = new Set<() => void>()
  const publisher = new NotifyQueue(url, log)
  const hello = () => publisher.add(JSON.stringify({ channel: '', instance: instanceId, message: { kind: helloKind } }))
  const listener = new PgListener(url, pgChannel, (payload) => deliver(payload), () => (hello(), void peers.recount(), reconnected.forEach((callback) => callback())), log, listenerOptions)
  const peers = new Peers(() => publisher.otherListeners(listener.backendPid))

  const deliver = (payload: string) => {
    const parsed = notification.safeParse(safeJson(payload))
    if (!parsed.success) return log.warn({ payload: payload.slice(0, 200) }, 'live: ignored a malformed notification')
    if (parsed.data.instance === instanceId) return
    if (parsed.data.message.kind === helloKind) return peers.heard()
    local.get(parsed.data.channel)?.(parsed.data.message)
  }

  await listener.start()
  // Announced after LISTEN is up and before this instance serves a socket: the others notify from then on.
  hello()
  await peers.recount()
  const recount = setInterval(() => void peers.recount(), peerCheckMs)
  recount.unref()
  return {
    instanceId,
    hasPeers: () => peers.present,
    publish(channel, message) {
      local.get(channel)?.(message)
      if (!peers.present) return
      const { local: _inProcessOnly, ...portable } = message
      const payload = JSON.stringify({ channel, instance: instanceId, message: portable })
      if (Buffer.byteLength(payload) >= notifyLimitBytes) {
        return log.error({ channel, kind: message.kind, bytes: Buffer.byteLength(payload) }, 'live: message too large for NOTIFY; other instances will not see it')
      }
      publisher.add(payload)
    },
    listen(channel, onMessage) {
      local.set(channel, onMessage)
      return () => local.delete(channel)
    },
    onReconnect: (callback) => void reconnected.add(callback),
    async close() {
      clearInterval(recount)
      local.clear()
      await listener.close()
      await publisher.close()
    },
  }
}

/** The notification an instance sends when its LISTEN connection is up (at start, after a reconnect). */
const helloKind = 'hello'

/**
 * Whether another instance listens, so that a message needs a NOTIFY at all: one instance alone (the
 * common case) then spends no statement per push. PostgreSQL itself is asked, counting the other LISTEN
 * connections, every few seconds; an instance that starts or reconnects says hello first, which turns
 * notifying on at once. A count that was under way when a hello arrived does not turn it off again.
 * When the count cannot be taken, notifying stays on: a NOTIFY nobody hears costs little, a lost card a lot.
 */
class Peers {
  present = true
  private hellos = 0

  constructor(private readonly count: () => Promise<number>) {}

  heard(): void {
    this.hellos++
    this.present = true
  }

  async recount(): Promise<void> {
    const before = this.hellos
    const others = await this.count().catch(() => 1)
    if (this.hellos === before) this.present = others > 0
  }
}

/**
 * NOTIFYs in the order they were asked for: while one statement is in flight the next payloads gather and
 * go together in the next one (delivered in order, as one transaction's notifications are).
 */
class NotifyQueue {
  private readonly pool: pg.Pool
  private waiting: string[] = []
  private sending: Promise<void> | null = null
  private closed = false

  constructor(url: string, private readonly log: FastifyBaseLogger) {
    this.pool = new pg.Pool({ ...pgConfig(url), max: 1, application_name: 'switchboard notify' })
    this.pool.on('error', (error) => log.warn({ err: error }, 'live: the NOTIFY connection failed'))
  }

  add(payload: string): void {
    if (this.closed) return
    this.waiting.push(payload)
    this.sending ??= this.send().finally(() => (this.sending = null))
  }

  async close(): Promise<void> {
    this.closed = true
    await this.sending
    await this.pool.end()
  }

  private async send(): Promise<void> {
    while (this.waiting.length > 0) {
      const batch = this.waiting.splice(0, 500)
      await this.notify(batch).catch(() => this.notify(batch)).catch((error: unknown) => {
        this.log.error({ err: error, messages: batch.length }, 'live: NOTIFY failed twice; other instances miss these messages')
      })
    }
  }

  /** LISTEN connections of the app on this database other than `ownPid` (unknown while this one is down: all count). */
  async otherListeners(ownPid: number | null): Promise<number> {
    const { rows } = await this.pool.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND application_name = $1 AND pid <> $2',
      [listenerName, ownPid ?? 0],
    )
    return rows[0]?.n ?? 1
  }

  private async notify(batch: string[]): Promise<void> {
    await this.pool.query('SELECT pg_notify($1, payload) FROM unnest($2::text[]) AS payload', [pgChannel, batch])
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text)
  } catch {
    return null
  }
}
