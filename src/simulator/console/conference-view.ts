import type { Call } from '../calls/call.ts'
import type { Participant } from '../conferences/participant.ts'
import type { SimContext } from '../context.ts'

export interface ConferenceView {
  name: string
  status: string
  onHold: boolean
  hearing: 'wait music' | 'hold music' | null
  others: { name: string; muted: boolean; hold: boolean; coaching: boolean }[]
}

/** The conference the caller's call is in, and who else is there (by label, else identity or number). */
export function conferenceView(sim: SimContext, call: Call): ConferenceView | null {
  const me = sim.conferences.participantFor(call.sid)
  if (!me?.joined) return null
  const hearing = me.hearing
  return {
    name: me.conference.friendlyName,
    status: me.conference.status,
    onHold: me.hold,
    hearing: hearing && hearing.music !== 'none' ? `${hearing.kind} music` : null,
    others: me.conference.connected.filter((p) => p !== me).map((p) => ({ name: nameOf(p), muted: p.muted, hold: p.hold, coaching: p.coaching })),
  }
}

export function conferenceHeadline(view: ConferenceView): string {
  const room = `conference "${view.name}"`
  if (view.onHold) return `On hold in ${room}${view.hearing ? ', hearing hold music' : ''}`
  if (view.status === 'init') return `Waiting in ${room} for others to join${view.hearing ? ', hearing wait music' : ''}`
  const others = view.others.filter((o) => !o.coaching).map((o) => o.name)
  return others.length ? `In ${room} with ${others.join(', ')}` : `In ${room}, nobody else is there`
}

function nameOf(participant: Participant): string {
  if (participant.label) return participant.label
  const endpoint = participant.call.endpoint
  if (endpoint.kind === 'device') return endpoint.identity
  return participant.call.direction === 'inbound' ? participant.call.from : participant.call.to
}
