import { rfc2822 } from '../dates.ts'
import type { Conference } from './conference.ts'
import type { Participant } from './participant.ts'

const API = '/2010-04-01'

function conferenceUri(conference: Conference): string {
  return `${API}/Accounts/${conference.accountSid}/Conferences/${conference.sid}`
}

/** The Conference resource as Twilio's REST API renders it. */
export function conferenceJson(conference: Conference): Record<string, unknown> {
  const uri = conferenceUri(conference)
  return {
    account_sid: conference.accountSid,
    api_version: '2010-04-01',
    call_sid_ending_conference: conference.callSidEndingConference,
    date_created: rfc2822(conference.dateCreated),
    date_updated: rfc2822(conference.dateUpdated),
    friendly_name: conference.friendlyName,
    reason_conference_ended: conference.reasonConferenceEnded,
    region: 'us1',
    sid: conference.sid,
    status: conference.status,
    subresource_uris: { participants: `${uri}/Participants.json`, recordings: `${uri}/Recordings.json` },
    uri: `${uri}.json`,
  }
}

/** The Participant resource; `queue_time` is only given in the answer to a create. */
export function participantJson(participant: Participant, queueTime: string | null = null): Record<string, unknown> {
  const conference = participant.conference
  return {
    account_sid: conference.accountSid,
    call_sid: participant.callSid,
    label: participant.label,
    call_sid_to_coach: participant.callSidToCoach,
    coaching: participant.coaching,
    conference_sid: conference.sid,
    date_created: rfc2822(participant.dateCreated),
    date_updated: rfc2822(participant.dateUpdated),
    end_conference_on_exit: participant.endConferenceOnExit,
    muted: participant.muted,
    hold: participant.hold,
    start_conference_on_enter: participant.startConferenceOnEnter,
    status: participant.status,
    queue_time: queueTime,
    uri: `${conferenceUri(conference)}/Participants/${participant.callSid}.json`,
  }
}
