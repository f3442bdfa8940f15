import pg from 'pg'
import type { FastifyBaseLogger } from 'fastify'
import { quoteIdent } from '../db/pg-admin.ts'
import { pgConfig } from '../db/pg-config.ts'

/** Every instance's LISTEN connection is named so: the transport counts the others' to know whether to NOTIFY. */
export const listenerName = 'switchboard live'

export interface ListenerOptions {
  /** First wait before reconnecting; doubles on each failed attempt up to `maxRetryMs`. */
  firstRetryMs: number
  maxRetryMs: number
  /** A `SELECT 1` this often finds a connection that died without a word (a vanished host, a NAT timeout). */
  pingMs: number
}

const defaults: ListenerOptions = { firstRetryMs: 100, maxRetryMs: 10_000, pingMs: 15_000 }

/**
 * One dedicated PostgreSQL connection that LISTENs on a channel. A lost connection is logged and opened
 * again with backoff; when it is back, `onReconnect` runs (notifications sent meanwhile are gone for good).
 */
export class PgListener {
  private readonly options: ListenerOptions
  private client: pg.Client | null = null
  private closed = false
  private retry: NodeJS.Timeout | undefined
  private ping: NodeJS.Timeout | undefined

  constructor(
    private readonly url: string,
    private readonly channel: string,
    private readonly onPayload: (payload: string) => void,
    private readonly onReconnect: () => void,
    private readonly log: FastifyBaseLogger,
    options: Partial<ListenerOptions> = {},
  ) {
    this.options = { ...defaults, ...options }
  }

  /** The first connection: the app does not start without it. */
  async start(): Promise<void> {
    await this.connect()
    this.ping = setInterval(() => void this.checkAlive(), this.options.pingMs)
    this.ping.unref()
  }

  /** The server process of the LISTEN connection (to tell this instance's listener from the others'), null while it is down. */
  get backendPid(): number | null {
    return (this.client as (pg.Client & { processID?: number }) | null)?.processID ?? null
  }

  async close(): Promise<void> {
    this.closed = true
    clearTimeout(this.retry)
    clearInterval(this.ping)
    const client = this.client
    this.client = null
    await client?.end().catch(() => undefined)
  }

  private async connect(): Promise<void> {
    const client = new pg.Client({ ...pgConfig(this.url), application_name: listenerName, keepAlive: true, query_timeout: 5000 })
    client.on('notification', (message) => {
      if (message.channel === this.channel && message.payload !== undefined) this.onPayload(message.payload)
    })
    client.on('error', (error) => this.lost(client, error, 0))
    client.on('end', () => this.lost(client, new Error('connection ended'), 0))
    try {
      await client.connect()
      await client.query(`LISTEN ${quoteIdent(this.channel)}`)
    } catch (error) {
      client.removeAllListeners()
      await client.end().catch(() => undefined)
      throw error
    }
    this.client = client
  }

  private async checkAlive(): Promise<void> {
    const client = this.client
    if (!client) return
    await client.query('SELECT 1').catch((error: unknown) => this.lost(client, error, 0))
  }

  /** Forgets a connection that failed (once per connection) and tries again after `attempt`'s backoff. */
  private lost(client: pg.Client, error: unknown, attempt: number): void {
    if (this.closed || this.client !== client) return
    this.client = null
    client.removeAllListeners()
    client.on('error', () => undefined)
    void client.end().catch(() => undefined)
    this.reconnectLater(error, attempt)
  }

  private reconnectLater(error: unknown, attempt: number): void {
    const delay = Math.min(this.options.maxRetryMs, this.options.firstRetryMs * 2 ** attempt)
    const waitMs = Math.round(delay / 2 + Math.random() * (delay / 2))
    this.log.warn({ err: error, attempt: attempt + 1, retryInMs: waitMs }, 'live: lost the PostgreSQL LISTEN connection; reconnecting')
    this.retry = setTimeout(async () => {
      if (this.closed) return
      try {
        await this.connect()
      } catch (next) {
        return this.reconnectLater(next, attempt + 1)
      }
      if (this.closed) return void this.close()
      this.log.info({ attempts: attempt + 1 }, 'live: PostgreSQL LISTEN connection is back')
      this.onReconnect()
    }, waitMs)
    this.retry.unref()
  }
}
