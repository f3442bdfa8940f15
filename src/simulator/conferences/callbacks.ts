import type { SimContext } from '../context.ts'
import { rfc2822 } from '../dates.ts'
import { requestWebhook } from '../webhooks.ts'
import type { Conference, ConferenceCallbackConfig, ConferenceEventGroup } from './conference.ts'
import type { Participant } from './participant.ts'

export type ConferenceEventName =
  | 'conference-start' | 'conference-end'
  | 'participant-join' | 'participant-leave'
  | 'participant-mute' | 'participant-unmute'
  | 'participant-hold' | 'participant-unhold'
  | 'participant-modify'
  | 'announcement-end' | 'announcement-fail'

/** Which statusCallbackEvent value subscribes to which StatusCallbackEvent (TwiML <Conference>, statusCallbackEvent). */
const GROUP: Record<ConferenceEventName, ConferenceEventGroup> = {
  'conference-start': 'start',
  'conference-end': 'end',
  'participant-join': 'join',
  'participant-leave': 'leave',
  'participant-mute': 'mute',
  'participant-unmute': 'mute',
  'participant-hold': 'hold',
  'participant-unhold': 'hold',
  'participant-modify': 'modify',
  'announcement-end': 'announcement',
  'announcement-fail': 'announcement',
}

const GROUPS: ReadonlySet<string> = new Set(Object.values(GROUP))

/**
 * A URL with no events subscribes to `start end`: the documented default of the Participants API's
 * ConferenceStatusCallbackEvent (the TwiML page names no default; we use the same).
 */
export function conferenceCallbackConfig(url: string | undefined, method: string | undefined, events: readonly string[]): ConferenceCallbackConfig | undefined {
  if (!url) return undefined
  const chosen = events.flatMap((e) => e.split(/[\s,]+/)).filter((e): e is ConferenceEventGroup => GROUPS.has(e))
  return { url, method: method?.toUpperCase() === 'GET' ? 'GET' : 'POST', events: new Set(chosen.length ? chosen : ['start', 'end']) }
}

/**
 * Emits the simulator event and, when subscribed, the signed status callback. Callbacks of one
 * conference are sent one at a time in SequenceNumber order (real Twilio may deliver them out of order).
 */
export function publishConferenceEvent(sim: SimContext, conference: Conference, event: ConferenceEventName, participant?: Participant, extra: Record<string, string> = {}): void {
  const reason = extra.ReasonParticipantLeft ?? extra.ReasonConferenceEnded ?? null
  sim.events.emit({ type: 'conference', event, conferenceSid: conference.sid, friendlyName: conference.friendlyName, callSid: participant?.callSid ?? null, reason })
  const config = conference.settings.callback
  if (!config?.events.has(GROUP[event])) return
  const params = { ...baseParams(conference, event), ...(participant ? participantParams(participant) : {}), ...extra }
  conference.callbackChain = conference.callbackChain
    .then(() => requestWebhook(sim, { kind: 'conference-status', callSid: participant?.callSid ?? null, url: config.url, method: config.method, params }))
    .then(() => undefined, (error: unknown) => sim.log?.warn({ err: error, conferenceSid: conference.sid }, 'simulator: conference status callback failed'))
}

/** SequenceNumber counts the callbacks sent for this conference, from 1 as in Twilio's example. */
function baseParams(conference: Conference, event: ConferenceEventName): Record<string, string> {
  return {
    AccountSid: conference.accountSid,
    ConferenceSid: conference.sid,
    FriendlyName: conference.friendlyName,
    StatusCallbackEvent: event,
    SequenceNumber: String(++conference.callbackSequence),
    Timestamp: rfc2822(new Date()),
  }
}

function participantParams(p: Participant): Record<string, string> {
  const params: Record<string, string> = {
    CallSid: p.callSid,
    Muted: String(p.muted),
    Hold: String(p.hold),
    Coaching: String(p.coaching),
    EndConferenceOnExit: String(p.endConferenceOnExit),
    StartConferenceOnEnter: String(p.startConferenceOnEnter),
  }
  if (p.label) params.ParticipantLabel = p.label
  return params
}
