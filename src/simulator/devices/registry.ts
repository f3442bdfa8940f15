import type { Call, Endpoint } from '../calls/call.ts'
import type { SimulatorEvents } from '../events.ts'
import type { ServerMessage } from '../protocol.ts'

export interface DeviceConnection {
  readonly id: string
  identity: string | null
  send(message: ServerMessage): void
}

export type RingOutcome = 'answered' | 'busy'

interface Ring {
  call: Call
  identity: string
  customParameters: Record<string, string>
  offeredTo: Set<DeviceConnection>
  settle(outcome: RingOutcome): void
}

/** An answered call whose Device connection dropped, waiting for the Device to come back. */
interface Lost {
  call: Call
  identity: string
  timer: NodeJS.Timeout
}

/** Registered stand-in Devices by identity, the calls ringing them, and answered calls whose Device dropped. */
export class DeviceRegistry {
  readonly #connections = new Set<DeviceConnection>()
  readonly #rings = new Map<string, Ring>()
  readonly #lost = new Map<string, Lost>()

  constructor(private readonly events: SimulatorEvents) {}

  registered(identity: string): DeviceConnection[] {
    return [...this.#connections].filter((c) => c.identity === identity)
  }

  register(conn: DeviceConnection, identity: string): void {
    conn.identity = identity
    this.#connections.add(conn)
    this.events.emit({ type: 'device', identity, action: 'registered', callSid: null })
    for (const ring of this.#rings.values()) if (ring.identity === identity) this.offer(ring, conn)
  }

  unregister(conn: DeviceConnection): void {
    if (!this.#connections.delete(conn) || !conn.identity) return
    for (const ring of this.#rings.values()) ring.offeredTo.delete(conn)
    this.events.emit({ type: 'device', identity: conn.identity, action: 'unregistered', callSid: null })
  }

  /** Offers the call to every Device of the identity (and to any that registers while it rings). */
  ring(call: Call, identity: string, customParameters: Record<string, string>): Promise<RingOutcome> {
    return new Promise((settle) => {
      const ring: Ring = { call, identity, customParameters, offeredTo: new Set(), settle }
      this.#rings.set(call.sid, ring)
      this.registered(identity).forEach((conn) => this.offer(ring, conn))
    })
  }

  accept(conn: DeviceConnection, callSid: string): Call | undefined {
    const ring = this.#rings.get(callSid)
    if (!ring || !ring.offeredTo.has(conn)) return void conn.send({ type: 'cancel', callSid })
    this.#rings.delete(callSid)
    ring.call.endpoint = { kind: 'device', identity: ring.identity, connectionId: conn.id }
    this.cancelOthers(ring, conn, 'accept')
    conn.send({ type: 'accepted', callSid })
    ring.settle('answered')
    return ring.call
  }

  reject(conn: DeviceConnection, callSid: string): void {
    const ring = this.#rings.get(callSid)
    if (!ring || !ring.offeredTo.has(conn)) return
    this.#rings.delete(callSid)
    this.cancelOthers(ring, conn, 'reject')
    ring.settle('busy')
  }

  /**
   * The SDK's signalling reconnection: an answered call whose Device connection dropped stays up for the
   * Device's `maxCallSignalingTimeoutMs`, then `giveUp` ends it. A Device of the same identity that
   * registers again in time takes it back with `reconnect`.
   */
  awaitReconnect(call: Call, identity: string, graceMs: number, giveUp: () => void): void {
    const timer = setTimeout(() => {
      this.#lost.delete(call.sid)
      giveUp()
    }, graceMs)
    timer.unref()
    this.#lost.set(call.sid, { call, identity, timer })
    call.addLog('status', 'Agent’s phone lost its connection; waiting for it to reconnect')
  }

  /** A Device asks for a call it lost: it gets it back, or hears that the call is over. */
  reconnect(conn: DeviceConnection, callSid: string): void {
    const lost = this.#lost.get(callSid)
    if (!lost || lost.identity !== conn.identity || !lost.call.isLive) return conn.send({ type: 'disconnect', callSid })
    clearTimeout(lost.timer)
    this.#lost.delete(callSid)
    lost.call.endpoint = { kind: 'device', identity: lost.identity, connectionId: conn.id }
    lost.call.addLog('status', 'Agent’s phone reconnected')
    conn.send({ type: 'reconnected', callSid })
  }

  /** Whoever is on the Device side hears the end: `cancel` while ringing, `disconnect` once answered. */
  callEnded(call: Call, endpoint: Extract<Endpoint, { kind: 'device' }>): void {
    const ring = this.#rings.get(call.sid)
    this.#rings.delete(call.sid)
    if (ring) return this.cancelOthers(ring, null, 'cancel')
    const lost = this.#lost.get(call.sid)
    if (lost) {
      clearTimeout(lost.timer)
      return void this.#lost.delete(call.sid)
    }
    const conn = [...this.#connections].find((c) => c.id === endpoint.connectionId)
    if (!conn) return
    conn.send({ type: 'disconnect', callSid: call.sid })
    this.events.emit({ type: 'device', identity: endpoint.identity, action: 'disconnect', callSid: call.sid })
  }

  private offer(ring: Ring, conn: DeviceConnection): void {
    ring.offeredTo.add(conn)
    const parameters = { CallSid: ring.call.sid, AccountSid: ring.call.accountSid, From: ring.call.from, To: ring.call.to }
    conn.send({ type: 'incoming', callSid: ring.call.sid, parameters, customParameters: ring.customParameters })
    this.events.emit({ type: 'device', identity: ring.identity, action: 'incoming', callSid: ring.call.sid })
  }

  private cancelOthers(ring: Ring, except: DeviceConnection | null, action: 'accept' | 'reject' | 'cancel'): void {
    for (const conn of ring.offeredTo) if (conn !== except) conn.send({ type: 'cancel', callSid: ring.call.sid })
    this.events.emit({ type: 'device', identity: ring.identity, action, callSid: ring.call.sid })
  }
}
