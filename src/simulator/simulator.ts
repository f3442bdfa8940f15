import type { Call } from './calls/call.ts'
import { Call as CallLeg } from './calls/call.ts'
import { endCall, registerCall } from './calls/lifecycle.ts'
import { statusCallbackConfig } from './calls/status-callbacks.ts'
import { ConferenceRegistry } from './conferences/registry.ts'
import type { SimContext } from './context.ts'
import { DeviceRegistry } from './devices/registry.ts'
import type { SimEvent } from './events.ts'
import { SimulatorEvents } from './events.ts'
import type { ResolvedOptions, SimulatorOptions } from './options.ts'
import { resolveOptions } from './options.ts'
import { QueueRegistry } from './queues.ts'
import { RecordingRegistry } from './recordings/registry.ts'
import { Faults } from './faults.ts'
import { startInterpreter } from './twiml/interpreter.ts'

export interface InboundCallRequest {
  from: string
  to?: string
  callerName?: string
}

/** One simulated Twilio: all state lives here, so two apps in one process never share it. */
export class Simulator implements SimContext {
  readonly options: ResolvedOptions
  readonly events = new SimulatorEvents()
  readonly calls = new Map<string, Call>()
  readonly queues = new QueueRegistry(this.events)
  readonly devices = new DeviceRegistry(this.events)
  /** Conferences by SID or name; `conferences.byName(name)?.participants` shows every participant's flags. */
  readonly conferences: ConferenceRegistry
  readonly recordings: RecordingRegistry = new RecordingRegistry(this)
  /** Scripted REST failures (`faults.add({ path, status, code, message })`). */
  readonly faults = new Faults()

  constructor(options: SimulatorOptions) {
    this.options = resolveOptions(options)
    this.conferences = new ConferenceRegistry(this.options.accountSid)
  }

  get log(): SimulatorOptions['log'] {
    return this.options.log
  }

  /** A simulated caller dials the team number: the voice webhook is requested and its TwiML run. */
  async placeInboundCall(req: InboundCallRequest): Promise<{ sid: string }> {
    const numberCallback = this.options.statusCallbackUrl?.()
    const call = new CallLeg({
      accountSid: this.options.accountSid,
      direction: 'inbound',
      from: req.from,
      to: req.to ?? this.options.phoneNumber,
      status: 'ringing',
      endpoint: { kind: 'caller' },
      callerName: req.callerName,
      statusCallback: statusCallbackConfig(numberCallback, 'POST', ['completed']),
    })
    registerCall(this, call)
    startInterpreter(this, call, { kind: 'url', webhook: 'voice', url: this.options.voiceUrl(), method: 'POST' })
    return { sid: call.sid }
  }

  getCall(sid: string): Call | undefined {
    return this.calls.get(sid)
  }

  /** The simulated caller hangs up. */
  hangUp(sid: string): void {
    const call = this.calls.get(sid)
    if (call) endCall(this, call, 'caller hung up')
  }

  /** The simulated caller presses keys (heard by <Gather>). */
  sendDigits(sid: string, digits: string): void {
    const call = this.calls.get(sid)
    if (!call?.isLive) return
    call.addLog('digits', `Caller pressed ${digits}`)
    this.events.emit({ type: 'digits', callSid: sid, digits, by: 'caller' })
    call.pressDigits(digits)
  }

  /**
   * The simulated caller says something: heard by <Gather input="speech">, recorded by <Record>, ignored otherwise.
   * `seconds` (how long they talk) defaults to 0.4 s a word, at least 1 s; `confidence` to 0.9.
   */
  say(sid: string, text: string, options: { seconds?: number; confidence?: number } = {}): void {
    const call = this.calls.get(sid)
    if (!call?.isLive) return
    const words = text.split(/\s+/).filter(Boolean).length
    call.addLog('said', `Caller said "${text}"`)
    this.events.emit({ type: 'speech', callSid: sid, text, phase: 'said' })
    call.speak({ text, seconds: options.seconds ?? Math.max(1, Math.ceil(words * 0.4)), confidence: options.confidence ?? 0.9 })
  }

  waitFor<T extends SimEvent = SimEvent>(predicate: (e: SimEvent) => boolean, timeoutMs = 5000): Promise<T> {
    return this.events.waitFor<T>(predicate, timeoutMs)
  }

  /** Ends every live call (plugin shutdown). */
  close(): void {
    for (const call of this.calls.values()) endCall(this, call, 'simulator stopped')
  }
}
