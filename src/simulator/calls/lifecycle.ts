import type { SimContext } from '../context.ts'
import type { Call } from './call.ts'
import type { CallStatus } from './status.ts'
import { isTerminal } from './status.ts'
import { sendStatusCallback } from './status-callbacks.ts'

/** The one place a call's status changes: timestamps, events, callbacks, the Device on the far end. */
export function setStatus(sim: SimContext, call: Call, status: CallStatus, reason = ''): void {
  if (!call.isLive || call.status === status) return
  const previous = call.status
  const now = new Date()
  call.status = status
  call.dateUpdated = now
  if (status === 'in-progress') call.startTime = now
  if (isTerminal(status)) finish(sim, call, now, reason)
  sim.events.emit({ type: 'call.status', callSid: call.sid, status, previous, direction: call.direction, from: call.from, to: call.to, parentCallSid: call.parentCallSid ?? null })
  call.addLog(isTerminal(status) ? 'ended' : 'status', statusText(call, status, reason))
  sendStatusCallback(sim, call, status)
  if (isTerminal(status)) call.markEnded()
}

/** Hangs up: `completed` once answered, otherwise `canceled` (outbound) or `completed` (inbound). */
export function endCall(sim: SimContext, call: Call, reason: string): void {
  if (!call.isLive) return
  const status: CallStatus = call.answered || call.direction === 'inbound' ? 'completed' : 'canceled'
  setStatus(sim, call, status, reason)
}

function finish(sim: SimContext, call: Call, now: Date, reason: string): void {
  call.endTime = now
  call.endReason = reason
  sim.recordings.callEnded(call.sid)
  const endpoint = call.endpoint
  if (endpoint.kind === 'device') sim.devices.callEnded(call, endpoint)
}

function statusText(call: Call, status: CallStatus, reason: string): string {
  const suffix = reason ? ` (${reason})` : ''
  if (isTerminal(status)) return `Ended: ${status}${suffix}`
  if (status === 'ringing') return `Ringing ${call.to}`
  if (status === 'in-progress') return 'Answered'
  return status
}

/** Adds a new call to the simulator and announces its first status. */
export function registerCall(sim: SimContext, call: Call): void {
  sim.calls.set(call.sid, call)
  sim.events.emit({ type: 'call.status', callSid: call.sid, status: call.status, previous: null, direction: call.direction, from: call.from, to: call.to, parentCallSid: call.parentCallSid ?? null })
  call.addLog('status', `${call.direction === 'inbound' ? 'Calling' : 'Placing a call to'} ${call.to} from ${call.from}`)
}
