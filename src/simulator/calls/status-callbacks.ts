import type { SimContext } from '../context.ts'
import { rfc2822, secondsBetween } from '../dates.ts'
import { requestWebhook } from '../webhooks.ts'
import type { Call } from './call.ts'
import { callParams } from './params.ts'
import type { CallStatus } from './status.ts'
import { isTerminal } from './status.ts'

export type CallbackEvent = 'initiated' | 'ringing' | 'answered' | 'completed'

export interface StatusCallbackConfig {
  url: string
  method: 'GET' | 'POST'
  events: ReadonlySet<CallbackEvent>
}

const KNOWN: ReadonlySet<string> = new Set(['initiated', 'ringing', 'answered', 'completed'])

/** With a URL but no events Twilio sends `completed` only. */
export function statusCallbackConfig(url: string | undefined, method: string | undefined, events: readonly string[]): StatusCallbackConfig | undefined {
  if (!url) return undefined
  const chosen = events.flatMap((e) => e.split(/[\s,]+/)).filter((e): e is CallbackEvent => KNOWN.has(e))
  return { url, method: method?.toUpperCase() === 'GET' ? 'GET' : 'POST', events: new Set(chosen.length ? chosen : ['completed']) }
}

/** Queues the callback behind earlier ones of the same call, so SequenceNumber order is send order. */
export function sendStatusCallback(sim: SimContext, call: Call, status: CallStatus): void {
  const config = call.statusCallback
  const event = callbackEvent(status)
  if (!config || !event || !config.events.has(event)) return
  const params = callbackParams(call, status, call.callbackSequence++)
  call.callbackChain = call.callbackChain
    .then(() => requestWebhook(sim, { kind: 'status-callback', callSid: call.sid, url: config.url, method: config.method, params }))
    .then(() => undefined, (error: unknown) => sim.log?.warn({ err: error, callSid: call.sid }, 'simulator: status callback failed'))
}

function callbackEvent(status: CallStatus): CallbackEvent | undefined {
  if (status === 'initiated' || status === 'ringing') return status
  if (status === 'in-progress') return 'answered'
  return isTerminal(status) ? 'completed' : undefined
}

function callbackParams(call: Call, status: CallStatus, sequence: number): Record<string, string> {
  const params: Record<string, string> = {
    ...callParams(call),
    CallStatus: status,
    CallbackSource: 'call-progress-events',
    SequenceNumber: String(sequence),
    Timestamp: rfc2822(new Date()),
  }
  if (isTerminal(status)) {
    params.CallDuration = String(secondsBetween(call.startTime, call.endTime))
    params.Duration = String(Math.ceil(secondsBetween(call.startTime, call.endTime) / 60))
    params.SipResponseCode = String(sipCode(status))
  }
  return params
}

function sipCode(status: CallStatus): number {
  if (status === 'busy') return 486
  if (status === 'no-answer' || status === 'canceled') return 487
  return status === 'failed' ? 500 : 200
}
