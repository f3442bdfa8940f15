import type { Call } from '../calls/call.ts'
import type { SimContext } from '../context.ts'
import { conferenceHeadline, conferenceView } from './conference-view.ts'

/** What the person on the simulated phone experiences, for the console and the CLI. */
export function callerView(sim: SimContext, call: Call, after: number): Record<string, unknown> {
  const conference = call.isLive ? conferenceView(sim, call) : null
  return {
    sid: call.sid,
    status: call.status,
    ended: !call.isLive,
    headline: conference ? conferenceHeadline(conference) : headline(sim, call),
    conference,
    listening: call.listening,
    log: call.log.filter((entry) => entry.seq > after),
  }
}

function headline(sim: SimContext, call: Call): string {
  if (!call.isLive) return `Ended: ${call.status}${call.endReason ? ` (${call.endReason})` : ''}`
  const member = sim.queues.memberOf(call.sid)
  if (member) return `In queue "${member.queue.friendlyName}" at position ${member.queue.position(member)} of ${member.queue.members.length}, hearing hold music`
  if (call.connectedTo) return `Connected to ${call.connectedTo}`
  if (call.status === 'ringing') return 'Ringing'
  if (call.listening?.recording) return 'Recording your message'
  const said = [...call.log].reverse().find((entry) => entry.kind === 'speech')
  return said ? said.text : call.status
}
