/** `frame` is the html encoded once, so a fan-out to many sockets does not encode it for each. */
export type Listener = (html: string, frame: Buffer) => void

/** Carries rendered fragments to subscribers. In memory today; a PostgreSQL LISTEN/NOTIFY transport
 * can replace it for several processes without touching publishers or subscribers. */
export interface LiveTransport {
  publish(channel: string, html: string): void
  subscribe(channel: string, listener: Listener): () => void
}

export function memoryTransport(): LiveTransport {
  const listeners = new Map<string, Set<Listener>>()

  return {
    publish(channel, html) {
      const subscribers = listeners.get(channel)
      if (!subscribers) return
      const frame = Buffer.from(html)
      for (const listener of subscribers) listener(html, frame)
    },
    subscribe(channel, listener) {
      const set = listeners.get(channel) ?? new Set<Listener>()
      listeners.set(channel, set.add(listener))
      return () => {
        set.delete(listener)
        if (set.size === 0) listeners.delete(channel)
      }
    },
  }
}

export class LiveHub {
  private readonly sockets = new Map<number, number>()
  private readonly listeners = new Map<string, number>()

  constructor(private readonly transport: LiveTransport = memoryTransport()) {}

  /** Counts an agent's open panels in this process; routing offers calls only to agents with one. */
  track(agentId: number): () => void {
    this.sockets.set(agentId, (this.sockets.get(agentId) ?? 0) + 1)
    return () => {
      const left = (this.sockets.get(agentId) ?? 1) - 1
      if (left > 0) this.sockets.set(agentId, left)
      else this.sockets.delete(agentId)
    }
  }

  connectedAgentIds(): number[] {
    return [...this.sockets.keys()]
  }

  publish(channel: string, html: string): void {
    this.transport.publish(channel, html)
  }

  subscribe(channel: string, listener: Listener): () => void {
    const unsubscribe = this.transport.subscribe(channel, listener)
    this.listeners.set(channel, (this.listeners.get(channel) ?? 0) + 1)
    return () => {
      unsubscribe()
      this.listeners.set(channel, (this.listeners.get(channel) ?? 1) - 1)
    }
  }

  /** Whether anyone in this process listens, so a render nobody would see can be skipped. */
  hasListeners(channel: string): boolean {
    return (this.listeners.get(channel) ?? 0) > 0
  }
}

export const channels = {
  agent: (agentId: number) => `agent:${agentId}`,
  supervisor: 'supervisor',
} as const
