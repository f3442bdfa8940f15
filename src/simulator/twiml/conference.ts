import { isInterruption } from '../calls/call.ts'
import type { Refusal } from '../conferences/admission.ts'
import { keepRecording, refusalFor } from '../conferences/admission.ts'
import { joinConference, leaveConference } from '../conferences/membership.ts'
import { stayInConference, WaitMusicFailed } from './conference-music.ts'
import { Participant } from '../conferences/participant.ts'
import { conferenceNounRequest } from './conference-noun.ts'
import type { Next, VerbContext } from './context.ts'
import { actionSource, finishVerb } from './context.ts'
import { notifyIgnoringTwiml } from './load.ts'
import type { TwimlVerb } from './parse.ts'
import { textOf, TwimlError } from './parse.ts'
import type { XmlElement } from './xml.ts'

/** "When calling a conference, the called party answered the call and was connected" (TwiML <Dial>, DialCallStatus). */
const ANSWERED = { DialCallStatus: 'answered' }
const FAILED = { DialCallStatus: 'failed' }

const REFUSAL_CODES: Record<Refusal, number> = { 'invalid-label': 16023, 'duplicate-label': 16025, full: 16020, 'no-coach-target': 13240 }

/**
 * <Dial><Conference>: the call joins the named conference (creating it), stays until it leaves
 * (hung up, redirected, kicked, or the conference ended), then the Dial completes: its action is
 * requested, or the next verb runs.
 */
export async function dialConference(ctx: VerbContext, verb: TwimlVerb): Promise<Next> {
  const [noun, ...others] = verb.nouns
  if (!noun || others.length > 0) throw new TwimlError(12200, '<Conference> must be the only noun of its <Dial>')
  const participant = enter(ctx, noun)
  if (!participant) return finishVerb(ctx, verb, FAILED)
  try {
    await stayInConference(ctx, participant)
  } catch (error) {
    if (error instanceof WaitMusicFailed) {
      leaveConference(ctx.sim, participant, { reason: 'participant_add_failed' })
      return finishVerb(ctx, verb, FAILED)
    }
    if (!isInterruption(error)) throw error
    leaveConference(ctx.sim, participant, { reason: ctx.call.isLive ? 'participant_updated_via_api' : 'participant_hung_up' })
    const source = actionSource(ctx, verb, ANSWERED)
    if (source) await notifyIgnoringTwiml(ctx.sim, ctx.call, source)
    throw error
  }
  return finishVerb(ctx, verb, ANSWERED)
}

/** A call added through the Participants API is already expected; any other call asks to be let in. */
function enter(ctx: VerbContext, noun: XmlElement): Participant | null {
  const { sim, call } = ctx
  const invited = sim.conferences.participantFor(call.sid)
  if (invited && !invited.joined) {
    joinConference(sim, invited)
    return invited
  }
  const name = textOf(noun)
  if (!name) throw new TwimlError(12200, '<Conference> needs a room name')
  const request = conferenceNounRequest(noun.attributes, ctx.doc.baseUrl)
  const refusal = refusalFor(sim.conferences.active(name), request)
  if (refusal) return refuse(ctx, refusal, name)
  const { conference } = sim.conferences.activeOrNew(name, () => request.conference)
  keepRecording(conference, request)
  const participant = new Participant(conference, call, 'twiml', request.participant)
  joinConference(sim, participant)
  return participant
}

/** Twilio logs the error and the call goes on after its <Dial> (TwiML <Conference>, participantLabel and coach). */
function refuse(ctx: VerbContext, refusal: Refusal, name: string): null {
  const message = `could not join conference "${name}": ${refusal}`
  ctx.sim.events.emit({ type: 'error', callSid: ctx.call.sid, code: REFUSAL_CODES[refusal], message })
  ctx.call.addLog('error', `Error ${REFUSAL_CODES[refusal]}: ${message}`)
  return null
}
