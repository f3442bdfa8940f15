import { createOutboundCall } from '../twiml/outbound-call.ts'
import type { StatusCallbackConfig } from '../calls/status-callbacks.ts'
import type { SimContext } from '../context.ts'
import type { JoinRequest } from '../conferences/admission.ts'
import { keepRecording } from '../conferences/admission.ts'
import type { Conference } from '../conferences/conference.ts'
import { addParticipant, leaveConference } from '../conferences/membership.ts'
import { Participant } from '../conferences/participant.ts'

export interface ParticipantCall {
  to: string
  from: string
  timeoutSec: number
  statusCallback: StatusCallbackConfig | undefined
  join: JoinRequest
}

/**
 * Participants API create: a new outbound call (`client:identity` rings a Device as <Dial><Client>
 * does, a number rings a simulated far end) whose only TwiML is <Dial><Conference>. It is a
 * participant from now on (queued, ringing); if it is never answered it leaves again.
 */
export function dialParticipant(sim: SimContext, conference: Conference, req: ParticipantCall): Participant {
  const { to, customParameters } = splitClientParameters(req.to)
  const source = { kind: 'inline' as const, twiml: conferenceTwiml(conference.friendlyName), baseUrl: sim.options.voiceUrl() }
  const call = createOutboundCall(sim, { to, from: req.from, source, timeoutSec: req.timeoutSec, statusCallback: req.statusCallback, customParameters })
  const participant = new Participant(conference, call, 'rest', req.join.participant)
  keepRecording(conference, req.join)
  addParticipant(conference, participant)
  void call.ended.then(() => {
    if (!participant.joined) leaveConference(sim, participant, { reason: 'participant_add_failed' })
  })
  return participant
}

/** "Custom parameters … in the `to` field using query string notation: client:alice?mycustomparam1=foo". */
function splitClientParameters(to: string): { to: string; customParameters: Record<string, string> } {
  const at = to.indexOf('?')
  if (!to.startsWith('client:') || at < 0) return { to, customParameters: {} }
  return { to: to.slice(0, at), customParameters: Object.fromEntries(new URLSearchParams(to.slice(at + 1))) }
}

function conferenceTwiml(name: string): string {
  const text = name.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')
  return `<?xml version="1.0" encoding="UTF-8"?><Response><Dial><Conference>${text}</Conference></Dial></Response>`
}
