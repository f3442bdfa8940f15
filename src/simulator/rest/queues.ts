import { z } from 'zod'
import type { Simulator } from '../simulator.ts'
import type { Queue } from '../queues.ts'
import { memberJson } from '../queues.ts'
import { redirectCall } from '../twiml/interpreter.ts'
import { httpMethod } from '../twiml/source.ts'
import { notFound, RestError } from './errors.ts'
import { formString } from './form.ts'

const dequeueSchema = z.object({ Url: formString, Method: formString })

export function findQueue(sim: Simulator, sid: string, path: string): Queue {
  const queue = sim.queues.bySid(sid)
  if (!queue) throw notFound(path)
  return queue
}

/** Dequeue: the member's call leaves the queue and runs the TwiML at Url (Enqueue action gets `redirected`). */
export function dequeueMember(sim: Simulator, queue: Queue, callSid: string, body: unknown, path: string): Record<string, unknown> {
  const p = dequeueSchema.parse(body ?? {})
  if (!p.Url) throw new RestError(400, 21205, 'Url parameter is required.')
  const member = queue.find(callSid)
  const call = member && sim.calls.get(member.callSid)
  if (!member || !call) throw notFound(path)
  const json = memberJson(member, sim.options.accountSid)
  redirectCall(sim, call, { kind: 'url', webhook: 'voice', url: p.Url, method: httpMethod(p.Method) })
  return json
}
