import { createHash } from 'node:crypto'
import type { FastifyBaseLogger } from 'fastify'

/**
 * What travels between publishers and sockets: a kind and ids, never HTML, so any transport can carry it
 * (PostgreSQL NOTIFY allows 8,000 bytes). `local` may carry the publisher's in-memory data (a call card
 * it already read) to renderers in the same process; transports that cross processes drop it.
 */
export interface LiveMessage {
  kind: string
  [field: string]: unknown
  local?: unknown
}

/** Turns a message into the HTML for one channel's sockets, once per process; null sends nothing. */
export type Renderer = (message: LiveMessage, channel: string) => Promise<string | null>

/** One socket's end of a channel. `frame` is the HTML encoded once for every socket it goes to. */
export interface LiveListener {
  send(html: string, frame: Buffer): void
  /** The channel asks its sockets to go away (their session ended). */
  close(reason: string): void
  /** Messages may have been missed (the transport lost its connection): send the current state again. */
  resync?(): void
}

/**
 * Carries messages to this process's channels: `listen` is called once per channel that has sockets here.
 * A transport that crosses processes delivers to this process at once (with `local`) and to the others
 * without it; one that can lose messages says so through `onReconnect`.
 */
export interface LiveTransport {
  publish(channel: string, message: LiveMessage): void
  listen(channel: string, onMessage: (message: LiveMessage) => void): () => void
  /** Called after the transport was cut off and is back: whatever was published meanwhile is lost. */
  onReconnect?(callback: () => void): void
  close(): Promise<void>
}

export function memoryTransport(): LiveTransport {
  const listeners = new Map<string, (message: LiveMessage) => void>()
  return {
    publish: (channel, message) => listeners.get(channel)?.(message),
    listen(channel, onMessage) {
      listeners.set(channel, onMessage)
      return () => listeners.delete(channel)
    },
    close: async () => listeners.clear(),
  }
}

/**
 * Publish/subscribe by channel, and nothing else: it knows neither calls nor agents. Publishers hand a
 * message to the transport; each process renders what arrives once per channel, in arrival order, with
 * the renderer registered for its kind, and sends the frame to its own sockets on that channel.
 */
export class LiveHub {
  private readonly renderers = new Map<string, Renderer>()
  private readonly channels = new Map<string, { listeners: Set<LiveListener>; unlisten: () => void; queue: Promise<void> }>()

  constructor(
    private readonly transport: LiveTransport = memoryTransport(),
    private readonly log?: FastifyBaseLogger,
  ) {
    transport.onReconnect?.(() => this.resync())
  }

  renderWith(kind: string, renderer: Renderer): void {
    this.renderers.set(kind, renderer)
  }

  publish(channel: string, message: LiveMessage): void {
    this.transport.publish(channel, message)
  }

  /** Tells every socket on the channel to close (e.g. `session:<id>` at logout). */
  closeChannel(channel: string, reason: string): void {
    this.transport.publish(channel, { kind: 'close', reason })
  }

  subscribe(channel: string, listener: LiveListener): () => void {
    const entry = this.channels.get(channel) ?? this.open(channel)
    entry.listeners.add(listener)
    return () => {
      entry.listeners.delete(listener)
      if (entry.listeners.size > 0 || this.channels.get(channel) !== entry) return
      entry.unlisten()
      this.channels.delete(channel)
    }
  }

  /** Whether any socket of this process listens (a render nobody here would see can be skipped). */
  hasListeners(channel: string): boolean {
    return (this.channels.get(channel)?.listeners.size ?? 0) > 0
  }

  /** Every socket of this process is sent its current state again (each once, whatever its channels). */
  resync(): void {
    const listeners = new Set([...this.channels.values()].flatMap((entry) => [...entry.listeners]))
    this.log?.info({ sockets: listeners.size }, 'live: re-sending the current state to every socket')
    for (const listener of listeners) listener.resync?.()
  }

  async close(): Promise<void> {
    for (const entry of this.channels.values()) entry.unlisten()
    this.channels.clear()
    await this.transport.close()
  }

  private open(channel: string) {
    const entry = { listeners: new Set<LiveListener>(), unlisten: () => {}, queue: Promise.resolve() }
    this.channels.set(channel, entry)
    entry.unlisten = this.transport.listen(channel, (message) => {
      entry.queue = entry.queue.then(() => this.dispatch(channel, entry.listeners, message))
    })
    return entry
  }

  private async dispatch(channel: string, listeners: Set<LiveListener>, message: LiveMessage): Promise<void> {
    if (listeners.size === 0) return
    if (message.kind === 'close') {
      for (const listener of [...listeners]) listener.close(String(message.reason ?? 'closed'))
      return
    }
    try {
      const html = await this.renderers.get(message.kind)?.(message, channel)
      if (!html) return
      const frame = Buffer.from(html)
      for (const listener of listeners) listener.send(html, frame)
    } catch (error) {
      this.log?.error({ err: error, channel, kind: message.kind }, 'live render failed')
    }
  }
}

export const channels = {
  agent: (agentId: number) => `agent:${agentId}`,
  supervisor: 'supervisor',
  /** A session's sockets, named by a hash so the session id never travels or shows in a log. */
  session: (sessionId: string) => `session:${createHash('sha256').update(sessionId).digest('hex').slice(0, 24)}`,
} as const
