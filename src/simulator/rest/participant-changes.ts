import { z } from 'zod'
import { announceToParticipant } from './conference-announce.ts'
import { modifyParticipant, setHold, setMuted } from '../conferences/flags.ts'
import { leaveConference } from '../conferences/membership.ts'
import type { Participant } from '../conferences/participant.ts'
import { musicAt } from '../conferences/participant.ts'
import type { Simulator } from '../simulator.ts'
import { httpMethod } from '../twiml/source.ts'
import { formBool, formString } from './form.ts'
import { absoluteUrl, checkCoachTarget, coachChoice } from './participant-rules.ts'

/** "Anything value other than true or false is interpreted as false" (Participant resource, Muted). */
const lenientBool = z.preprocess((v) => (Array.isArray(v) ? v[v.length - 1] : v), z.string().transform((v) => v.toLowerCase() === 'true')).optional()

const updateSchema = z.object({
  Muted: lenientBool, Hold: formBool, HoldUrl: formString, HoldMethod: formString, AnnounceUrl: formString, AnnounceMethod: formString,
  WaitUrl: formString, WaitMethod: formString, BeepOnExit: formBool, EndConferenceOnExit: formBool, Coaching: formBool, CallSidToCoach: formString,
})

export const listFilters = z.object({ Muted: formBool, Hold: formBool, Coaching: formBool })

/** Every parameter is checked before anything changes, so a 400 leaves the participant as it was. */
export function updateParticipant(sim: Simulator, participant: Participant, body: unknown): void {
  const p = updateSchema.parse(body ?? {})
  const coach = coachChoice(p.Coaching, p.CallSidToCoach, participant.callSidToCoach)
  if (coach) checkCoachTarget(participant, coach.callSidToCoach)
  // HoldMethod "defaults to GET" while WaitMethod and AnnounceMethod default to POST (Participant resource).
  const holdMusic = musicAt(absoluteUrl('HoldUrl', p.HoldUrl), p.HoldMethod ? httpMethod(p.HoldMethod) : 'GET')
  const waitMusic = p.WaitUrl === undefined ? undefined : musicAt(absoluteUrl('WaitUrl', p.WaitUrl), httpMethod(p.WaitMethod))
  const announceUrl = absoluteUrl('AnnounceUrl', p.AnnounceUrl)
  if (p.Muted !== undefined) setMuted(sim, participant, p.Muted)
  if (p.Hold !== undefined) setHold(sim, participant, p.Hold, holdMusic)
  modifyParticipant(sim, participant, { ...coach, endConferenceOnExit: p.EndConferenceOnExit, beepOnExit: p.BeepOnExit, waitMusic })
  if (announceUrl) announceToParticipant(sim, participant, { url: announceUrl, method: httpMethod(p.AnnounceMethod) })
}

/** DELETE kicks: the call leaves the conference (a REST-created participant's call then ends). */
export function kickParticipant(sim: Simulator, participant: Participant): void {
  leaveConference(sim, participant, { reason: 'participant_updated_via_api', kicked: true })
}

export function matchesFilters(participant: Participant, f: z.infer<typeof listFilters>): boolean {
  return (f.Muted === undefined || participant.muted === f.Muted) && (f.Hold === undefined || participant.hold === f.Hold) && (f.Coaching === undefined || participant.coaching === f.Coaching)
}
