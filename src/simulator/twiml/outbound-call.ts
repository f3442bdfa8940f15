import type { SimContext } from '../context.ts'
import { startInterpreter } from './interpreter.ts'
import type { TwimlSource } from './source.ts'
import { Call } from '../calls/call.ts'
import { registerCall } from '../calls/lifecycle.ts'
import { ringLeg } from '../calls/ring.ts'
import type { StatusCallbackConfig } from '../calls/status-callbacks.ts'

export interface OutboundCallRequest {
  to: string
  from: string
  source: TwimlSource
  timeoutSec: number
  statusCallback: StatusCallbackConfig | undefined
  /** Sent to a ringing Device as `call.customParameters`. */
  customParameters?: Record<string, string>
}

/** REST Calls.create: rings `client:identity` or a simulated number, then runs the TwiML on answer. */
export function createOutboundCall(sim: SimContext, req: OutboundCallRequest): Call {
  const endpoint = req.to.startsWith('client:')
    ? { kind: 'device' as const, identity: req.to.slice('client:'.length), connectionId: null }
    : { kind: 'number' as const, number: req.to }
  const call = new Call({ accountSid: sim.options.accountSid, direction: 'outbound-api', from: req.from, to: req.to, status: 'queued', endpoint, statusCallback: req.statusCallback })
  registerCall(sim, call)
  setImmediate(() => void placeCall(sim, call, req))
  return call
}

async function placeCall(sim: SimContext, call: Call, req: OutboundCallRequest): Promise<void> {
  try {
    const status = await ringLeg(sim, call, req.timeoutSec * 1000, undefined, req.customParameters)
    if (status === 'in-progress') startInterpreter(sim, call, req.source)
  } catch (error) {
    sim.log?.error({ err: error, callSid: call.sid }, 'simulator: outbound call failed')
  }
}
