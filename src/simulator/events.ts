import type { CallStatus } from './calls/status.ts'
import type { ConferenceEventName } from './conferences/callbacks.ts'
import type { RecordingSource, RecordingStatus } from './recordings/recording.ts'

export type SimEventBody =
  | { type: 'call.status'; callSid: string; status: CallStatus; previous: CallStatus | null; direction: string; from: string; to: string; parentCallSid: string | null }
  | { type: 'verb'; callSid: string; verb: string; attributes: Record<string, string>; text: string }
  | { type: 'dial'; callSid: string; childCallSid: string; to: string }
  | { type: 'queue'; callSid: string; queue: string; position: number; size: number }
  | { type: 'queue.left'; callSid: string; queue: string; result: string }
  | { type: 'caller'; callSid: string; text: string }
  | { type: 'digits'; callSid: string; digits: string; by: 'caller' | 'device' }
  | { type: 'rest'; method: string; path: string; statusCode: number; params: Record<string, unknown> }
  | { type: 'webhook'; callSid: string | null; kind: WebhookKind; method: string; url: string; params: Record<string, string>; statusCode: number | null; error: string | null }
  | { type: 'device'; identity: string; action: 'registered' | 'unregistered' | 'incoming' | 'cancel' | 'accept' | 'reject' | 'disconnect'; callSid: string | null }
  | { type: 'conference'; event: ConferenceEventName; conferenceSid: string; friendlyName: string; callSid: string | null; reason: string | null }
  | { type: 'error'; callSid: string | null; code: number; message: string }
  | { type: 'speech'; callSid: string; text: string; phase: 'said' | 'heard' }
  | { type: 'listening'; callSid: string; digits: boolean; speech: boolean; recording: boolean }
  | { type: 'recording'; recordingSid: string; callSid: string | null; conferenceSid: string | null; status: RecordingStatus; source: RecordingSource }

export type WebhookKind = 'voice' | 'action' | 'wait' | 'hold' | 'announce' | 'redirect' | 'status-callback' | 'conference-status' | 'recording-status' | 'transcription'

export type SimEvent = SimEventBody & { seq: number; at: Date }

type Listener = (event: SimEvent) => void

const HISTORY_LIMIT = 5000

/** Every observable thing the simulator does, in order; tests wait on it, the console reads it. */
export class SimulatorEvents {
  readonly history: SimEvent[] = []
  #listeners = new Set<Listener>()
  #seq = 0

  emit(body: SimEventBody): SimEvent {
    const event = { ...body, seq: ++this.#seq, at: new Date() } as SimEvent
    this.history.push(event)
    if (this.history.length > HISTORY_LIMIT) this.history.shift()
    for (const listener of this.#listeners) callSafely(listener, event)
    return event
  }

  on(listener: Listener): () => void {
    this.#listeners.add(listener)
    return () => this.#listeners.delete(listener)
  }

  /** Resolves with the first event, past (in history) or future, that matches. */
  waitFor<T extends SimEvent>(predicate: ((e: SimEvent) => e is T) | ((e: SimEvent) => boolean), timeoutMs = 5000): Promise<T> {
    const past = this.history.find(predicate)
    if (past) return Promise.resolve(past as T)
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        off()
        reject(new Error(`simulator: no matching event within ${timeoutMs} ms`))
      }, timeoutMs)
      const off = this.on((event) => {
        if (!predicate(event)) return
        clearTimeout(timer)
        off()
        resolve(event as T)
      })
    })
  }
}

function callSafely(listener: Listener, event: SimEvent): void {
  try {
    listener(event)
  } catch {
    // a listener's bug must not break the call engine
  }
}
