import { newSid } from '../sid.ts'
import type { CallStatus, Direction } from './status.ts'
import { isTerminal } from './status.ts'
import type { StatusCallbackConfig } from './status-callbacks.ts'
import type { TwimlSource } from '../twiml/source.ts'

export type Endpoint =
  | { kind: 'caller' }
  | { kind: 'device'; identity: string; connectionId: string | null }
  | { kind: 'number'; number: string }

export interface CallerLogEntry {
  seq: number
  at: Date
  kind: 'status' | 'speech' | 'queue' | 'connected' | 'digits' | 'said' | 'listening' | 'recording' | 'ended' | 'error'
  text: string
}

/** Something the simulated caller says: heard by <Gather input="speech"> and recorded by <Record>. */
export interface Utterance {
  text: string
  /** Simulated seconds the caller talks. */
  seconds: number
  confidence: number
}

/** What the running verb is waiting for from the caller (shown by the console, used by the CLI). */
export interface Listening {
  digits: boolean
  speech: boolean
  recording: boolean
}

export interface CallInit {
  accountSid: string
  direction: Direction
  from: string
  to: string
  status: CallStatus
  endpoint: Endpoint
  callerName?: string
  parentCallSid?: string
  statusCallback?: StatusCallbackConfig
}

/** One leg: Twilio's Call resource plus what the engine needs to drive it. */
export class Call {
  readonly sid = newSid('CA')
  readonly dateCreated = new Date()
  readonly accountSid: string
  readonly direction: Direction
  readonly from: string
  readonly to: string
  readonly callerName: string | undefined
  readonly parentCallSid: string | undefined
  status: CallStatus
  endpoint: Endpoint
  statusCallback: StatusCallbackConfig | undefined
  dateUpdated = new Date()
  startTime: Date | undefined
  endTime: Date | undefined
  queueTime = 0
  endReason = ''
  connectedTo: string | null = null
  callbackSequence = 0
  callbackChain: Promise<void> = Promise.resolve()
  scope = new AbortController()
  pendingRedirect: TwimlSource | null = null
  interpreterRunning = false
  digits = ''
  /** Said and not yet heard; a <Gather> or <Record> discards what was said before it started. */
  speech: Utterance[] = []
  listening: Listening | null = null
  readonly log: CallerLogEntry[] = []
  readonly ended: Promise<void>
  #resolveEnded!: () => void
  #unbridge: (() => void) | null = null
  readonly #digitListeners = new Set<() => void>()
  readonly #speechListeners = new Set<() => void>()

  constructor(init: CallInit) {
    this.accountSid = init.accountSid
    this.direction = init.direction
    this.from = init.from
    this.to = init.to
    this.status = init.status
    this.endpoint = init.endpoint
    this.callerName = init.callerName
    this.parentCallSid = init.parentCallSid
    this.statusCallback = init.statusCallback
    this.ended = new Promise((resolve) => (this.#resolveEnded = resolve))
  }

  get isLive(): boolean {
    return !isTerminal(this.status)
  }

  get answered(): boolean {
    return this.startTime !== undefined
  }

  markEnded(): void {
    this.scope.abort(new Interruption('hangup'))
    this.#resolveEnded()
    this.breakBridge()
  }

  /** Resolves when this leg is taken out of a bridge by a REST redirect. */
  whenUnbridged(): Promise<void> {
    return new Promise((resolve) => (this.#unbridge = resolve))
  }

  breakBridge(): void {
    this.#unbridge?.()
    this.#unbridge = null
  }

  pressDigits(digits: string): void {
    this.digits += digits
    this.#digitListeners.forEach((listener) => listener())
  }

  onDigits(listener: () => void): () => void {
    this.#digitListeners.add(listener)
    return () => this.#digitListeners.delete(listener)
  }

  speak(utterance: Utterance): void {
    this.speech.push(utterance)
    this.#speechListeners.forEach((listener) => listener())
  }

  onSpeech(listener: () => void): () => void {
    this.#speechListeners.add(listener)
    return () => this.#speechListeners.delete(listener)
  }

  addLog(kind: CallerLogEntry['kind'], text: string): CallerLogEntry {
    const entry = { seq: this.log.length + 1, at: new Date(), kind, text }
    this.log.push(entry)
    return entry
  }
}

/** Why the running TwiML was interrupted: a REST redirect, or the call ended. */
export class Interruption extends Error {
  constructor(readonly reason: 'redirect' | 'hangup') {
    super(`interrupted by ${reason}`)
  }
}

export function isInterruption(error: unknown): error is Interruption {
  return error instanceof Interruption
}
