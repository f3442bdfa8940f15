import { EventEmitter } from 'node:events'
import { ERROR_CODES, type ClientMessage } from './protocol.ts'

export type DeviceCallStatus = 'pending' | 'connecting' | 'open' | 'reconnecting' | 'closed'

/** An incoming call on a SimulatorDevice: accept, reject, disconnect, mute, sendDigits. */
export class SimulatorDeviceCall extends EventEmitter {
  status: DeviceCallStatus = 'pending'
  readonly customParameters: Map<string, string>
  #muted = false
  #deadline: NodeJS.Timeout | undefined

  constructor(private readonly device: { send(message: ClientMessage): void }, readonly parameters: Record<string, string>, custom: Record<string, string>) {
    super()
    this.customParameters = new Map(Object.entries(custom))
  }

  get sid(): string {
    return this.parameters.CallSid ?? ''
  }

  accept(): void {
    if (this.status !== 'pending') return
    this.status = 'connecting'
    this.device.send({ type: 'accept', callSid: this.sid })
  }

  reject(): void {
    if (this.status !== 'pending') return
    this.device.send({ type: 'reject', callSid: this.sid })
    this.close('reject')
  }

  disconnect(): void {
    if (this.status === 'pending') return this.reject()
    if (this.status === 'closed') return
    this.device.send({ type: 'hangup', callSid: this.sid })
    this.close('disconnect')
  }

  mute(shouldMute = true): void {
    if (shouldMute === this.#muted) return
    this.#muted = shouldMute
    this.device.send({ type: 'mute', callSid: this.sid, muted: shouldMute })
    this.emit('mute', shouldMute, this)
  }

  isMuted(): boolean {
    return this.#muted
  }

  sendDigits(digits: string): void {
    if (this.status === 'open') this.device.send({ type: 'digits', callSid: this.sid, digits })
  }

  /** Waits for one of this call's events (accept, disconnect, cancel, reject, reconnecting, reconnected). */
  waitFor(event: 'accept' | 'disconnect' | 'cancel' | 'reject' | 'reconnecting' | 'reconnected', timeoutMs = 5000): Promise<unknown> {
    return waitForEvent(this, event, timeoutMs)
  }

  handle(type: 'accepted' | 'cancel' | 'disconnect' | 'reconnected'): void {
    if (type === 'accepted') {
      this.status = 'open'
      this.emit('accept', this)
    } else if (type === 'reconnected') this.reconnected()
    else this.close(type === 'cancel' && this.status !== 'open' && this.status !== 'reconnecting' ? 'cancel' : 'disconnect')
  }

  /** The SDK's signalling reconnection: the call waits `timeoutMs` for the Device to come back, then ends. */
  lostSignalling(timeoutMs: number): void {
    this.status = 'reconnecting'
    this.#deadline = setTimeout(() => this.close('disconnect'), timeoutMs)
    this.emit('reconnecting', { code: ERROR_CODES.signalingDisconnected, message: 'Signaling connection disconnected' })
  }

  private reconnected(): void {
    if (this.status !== 'reconnecting') return
    clearTimeout(this.#deadline)
    this.status = 'open'
    this.emit('reconnected')
  }

  private close(event: 'reject' | 'cancel' | 'disconnect'): void {
    if (this.status === 'closed') return
    clearTimeout(this.#deadline)
    this.status = 'closed'
    this.emit(event, event === 'disconnect' ? this : undefined)
    this.emit('closed')
  }
}

export function waitForEvent<T>(emitter: EventEmitter, event: string, timeoutMs: number): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      emitter.off(event, listener)
      reject(new Error(`device: no "${event}" within ${timeoutMs} ms`))
    }, timeoutMs)
    function listener(value: T): void {
      clearTimeout(timer)
      resolve(value)
    }
    emitter.once(event, listener)
  })
}
