import { z } from 'zod'
import type { Call } from '../calls/call.ts'
import { callJson } from '../calls/json.ts'
import { endCall } from '../calls/lifecycle.ts'
import { createOutboundCall } from '../twiml/outbound-call.ts'
import { statusCallbackConfig } from '../calls/status-callbacks.ts'
import type { Simulator } from '../simulator.ts'
import { redirectCall } from '../twiml/interpreter.ts'
import type { TwimlSource } from '../twiml/source.ts'
import { httpMethod } from '../twiml/source.ts'
import { notFound, RestError } from './errors.ts'
import { formList, formString } from './form.ts'

const createSchema = z.object({
  To: formString, From: formString, Url: formString, Method: formString, Twiml: formString, ApplicationSid: formString,
  StatusCallback: formString, StatusCallbackMethod: formString, StatusCallbackEvent: formList, Timeout: formString,
})

const updateSchema = z.object({
  Url: formString, Method: formString, Twiml: formString, Status: formString, StatusCallback: formString, StatusCallbackMethod: formString,
})

export const listFilters = z.object({ To: z.string().optional(), From: z.string().optional(), Status: z.string().optional(), ParentCallSid: z.string().optional() })

export function createCall(sim: Simulator, body: unknown): Call {
  const p = createSchema.parse(body ?? {})
  if (!p.To) throw new RestError(400, 21201, "No 'To' number is specified")
  if (!p.From) throw new RestError(400, 21603, "A 'From' phone number is required.")
  const source = twimlSource(sim, p)
  if (!source) throw new RestError(400, 21205, 'Url parameter is required.')
  const timeoutSec = Number(p.Timeout ?? sim.options.ringTimeoutDefaultSec * 2) || 60
  // Twilio ignores StatusCallback when the TwiML is inline (https://www.twilio.com/docs/voice/api/call-resource#create-a-call-resource: statusCallback is used only with Url or ApplicationSid).
  const statusCallback = source.kind === 'url' ? statusCallbackConfig(p.StatusCallback, p.StatusCallbackMethod, p.StatusCallbackEvent) : undefined
  return createOutboundCall(sim, { to: p.To, from: p.From, source, timeoutSec, statusCallback })
}

export function updateCall(sim: Simulator, call: Call, body: unknown): void {
  const p = updateSchema.parse(body ?? {})
  if (p.StatusCallback) call.statusCallback = statusCallbackConfig(p.StatusCallback, p.StatusCallbackMethod, [...(call.statusCallback?.events ?? [])])
  if (p.Status) return changeStatus(sim, call, p.Status)
  const source = twimlSource(sim, p)
  if (!source) return
  if (call.status !== 'in-progress') throw new RestError(400, 21220, 'Call is not in-progress. Cannot redirect.')
  redirectCall(sim, call, source)
}

function changeStatus(sim: Simulator, call: Call, status: string): void {
  if (status === 'completed') return endCall(sim, call, 'hung up via REST')
  if (status !== 'canceled') throw new RestError(400, 21218, `Invalid Status "${status}": use canceled or completed`)
  if (!call.answered && call.direction !== 'inbound') endCall(sim, call, 'canceled via REST')
}

function twimlSource(sim: Simulator, p: { Url?: string; Method?: string; Twiml?: string; ApplicationSid?: string }): TwimlSource | null {
  if (p.Twiml) return { kind: 'inline', twiml: p.Twiml, baseUrl: sim.options.voiceUrl() }
  if (p.Url) return { kind: 'url', webhook: 'voice', url: p.Url, method: httpMethod(p.Method) }
  if (p.ApplicationSid) throw new RestError(400, 20001, 'ApplicationSid is not simulated; pass Url or Twiml')
  return null
}

export function findCall(sim: Simulator, sid: string, path: string): Call {
  const call = sim.calls.get(sid)
  if (!call) throw notFound(path)
  return call
}

export function listCalls(sim: Simulator, query: unknown): Record<string, unknown>[] {
  const f = listFilters.parse(query ?? {})
  return [...sim.calls.values()]
    .filter((c) => (!f.To || c.to === f.To) && (!f.From || c.from === f.From) && (!f.ParentCallSid || c.parentCallSid === f.ParentCallSid))
    .map(callJson)
    .filter((json) => !f.Status || json.status === f.Status)
    .reverse()
}
