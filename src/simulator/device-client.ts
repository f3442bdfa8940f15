import { EventEmitter } from 'node:events'
import WebSocket from 'ws'
import { SimulatorDeviceCall, waitForEvent } from './device-call.ts'
import type { ClientMessage, ServerMessage } from './protocol.ts'
import { serverMessageSchema } from './protocol.ts'

export interface DeviceError {
  code: number
  message: string
}

export interface SimulatorDeviceOptions {
  /** The simulator's base URL (`http://127.0.0.1:3000/sim`) or its device websocket URL. */
  simulatorUrl: string
  tokenRefreshMs?: number
  /** As in the SDK: false (the default) ignores a new invite while a call is up. */
  allowIncomingWhileBusy?: boolean
  /** As in the SDK: above 0, an answered call survives a dropped connection this long while the Device reconnects. */
  maxCallSignalingTimeoutMs?: number
}

/** Node twin of public/simulator/device.js: the Device surface over the same websocket protocol (no audio). */
export class SimulatorDevice extends EventEmitter {
  state: 'unregistered' | 'registering' | 'registered' | 'destroyed' = 'unregistered'
  identity: string | null = null
  readonly calls = new Map<string, SimulatorDeviceCall>()
  #token: string
  #socket: WebSocket | null = null
  #pending: { resolve: () => void; reject: (e: DeviceError) => void } | null = null
  readonly #url: string
  readonly #options: Required<Omit<SimulatorDeviceOptions, 'simulatorUrl'>>
  #willExpire: NodeJS.Timeout | undefined
  #retry: NodeJS.Timeout | undefined

  constructor(token: string, options: SimulatorDeviceOptions) {
    super()
    this.#token = token
    this.#options = { tokenRefreshMs: 10_000, allowIncomingWhileBusy: false, maxCallSignalingTimeoutMs: 0, ...options }
    this.#url = deviceSocketUrl(options.simulatorUrl)
  }

  get token(): string {
    return this.#token
  }

  /** A call is up (answered, or reconnecting). */
  get isBusy(): boolean {
    return [...this.calls.values()].some((call) => call.status === 'open' || call.status === 'reconnecting')
  }

  async register(): Promise<void> {
    this.setState('registering')
    await this.open()
    return new Promise((resolve, reject) => {
      this.#pending = { resolve, reject }
      this.send({ type: 'register', token: this.#token, maxCallSignalingTimeoutMs: this.#options.maxCallSignalingTimeoutMs })
    })
  }

  updateToken(token: string): void {
    this.#token = token
    if (this.state === 'registered') this.send({ type: 'updateToken', token })
  }

  unregister(): void {
    this.send({ type: 'unregister' })
  }

  destroy(): void {
    for (const call of this.calls.values()) call.disconnect()
    this.#socket?.close()
    clearTimeout(this.#willExpire)
    clearTimeout(this.#retry)
    this.state = 'destroyed'
    this.emit('destroyed')
  }

  /** Resolves with the next incoming call (convenience for tests). */
  nextIncoming(timeoutMs = 5000): Promise<SimulatorDeviceCall> {
    return waitForEvent<SimulatorDeviceCall>(this, 'incoming', timeoutMs)
  }

  send(message: ClientMessage): void {
    if (this.#socket?.readyState === WebSocket.OPEN) this.#socket.send(JSON.stringify(message))
  }

  private open(): Promise<void> {
    if (this.#socket?.readyState === WebSocket.OPEN) return Promise.resolve()
    const socket = new WebSocket(this.#url)
    this.#socket = socket
    socket.on('message', (data) => this.onMessage(String(data)))
    socket.on('close', () => this.onClose())
    return new Promise((resolve, reject) => {
      socket.once('open', () => resolve())
      socket.once('error', reject)
    })
  }

  private onMessage(text: string): void {
    const parsed = serverMessageSchema.safeParse(JSON.parse(text))
    if (!parsed.success) return
    const message: ServerMessage = parsed.data
    if (message.type === 'registered') return this.onRegistered(message.identity, message.ttl)
    if (message.type === 'unregistered') return this.setState('unregistered')
    if (message.type === 'error') return this.onError({ code: message.code, message: message.message })
    if (message.type === 'incoming') return this.onIncoming(message)
    this.calls.get(message.callSid)?.handle(message.type)
  }

  private onRegistered(identity: string, ttlSec: number): void {
    this.identity = identity
    clearTimeout(this.#willExpire)
    this.#willExpire = setTimeout(() => this.emit('tokenWillExpire', this), Math.max(0, ttlSec * 1000 - this.#options.tokenRefreshMs))
    this.#willExpire.unref()
    this.setState('registered')
    this.#pending?.resolve()
    this.#pending = null
    for (const call of this.calls.values()) if (call.status === 'reconnecting') this.send({ type: 'reconnect', callSid: call.sid })
  }

  private onError(error: DeviceError): void {
    if (this.#pending) {
      this.#pending.reject(error)
      this.#pending = null
      this.setState('unregistered')
    }
    if (this.listenerCount('error') > 0) this.emit('error', error)
  }

  private onIncoming(message: Extract<ServerMessage, { type: 'incoming' }>): void {
    if (this.isBusy && !this.#options.allowIncomingWhileBusy) return
    const call = new SimulatorDeviceCall(this, message.parameters, message.customParameters)
    this.calls.set(call.sid, call)
    call.once('closed', () => this.calls.delete(call.sid))
    this.emit('incoming', call)
  }

  private onClose(): void {
    const graceMs = this.#options.maxCallSignalingTimeoutMs
    for (const call of this.calls.values()) {
      if (call.status === 'open' && graceMs > 0 && this.state !== 'destroyed') call.lostSignalling(graceMs)
      else if (call.status !== 'reconnecting') call.handle('disconnect')
    }
    if (this.state === 'destroyed') return
    this.setState('unregistered')
    this.reconnectSoon()
  }

  /** Registers again while some call waits to be reconnected (the browser stand-in always retries). */
  private reconnectSoon(): void {
    clearTimeout(this.#retry)
    if (![...this.calls.values()].some((call) => call.status === 'reconnecting')) return
    this.#retry = setTimeout(() => void this.register().catch(() => this.reconnectSoon()), 200)
    this.#retry.unref()
  }

  private setState(state: SimulatorDevice['state']): void {
    if (this.state === state) return
    this.state = state
    this.emit(state, this)
  }
}

function deviceSocketUrl(base: string): string {
  const url = base.replace(/^http/, 'ws').replace(/\/+$/, '')
  return url.endsWith('/device') ? url : `${url}/device`
}
