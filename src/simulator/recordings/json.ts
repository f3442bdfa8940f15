import { rfc2822 } from '../dates.ts'
import type { Recording } from './recording.ts'

const API = '/2010-04-01'

export function recordingPath(rec: Recording): string {
  return `${API}/Accounts/${rec.accountSid}/Recordings/${rec.sid}`
}

/** The absolute media URL, the simulator's stand-in for https://api.twilio.com/…/Recordings/RE… (RecordingUrl). */
export function recordingUrl(rec: Recording, simulatorUrl: string): string {
  return simulatorUrl.replace(/\/+$/, '') + recordingPath(rec)
}

/** The Recording resource as Twilio's REST API renders it (https://www.twilio.com/docs/voice/api/recording). */
export function recordingJson(rec: Recording, simulatorUrl: string): Record<string, unknown> {
  const path = recordingPath(rec)
  return {
    sid: rec.sid,
    account_sid: rec.accountSid,
    api_version: '2010-04-01',
    call_sid: rec.callSid,
    conference_sid: rec.conferenceSid,
    date_created: rfc2822(rec.dateCreated),
    date_updated: rfc2822(rec.dateUpdated),
    start_time: rfc2822(rec.startTime),
    // Twilio shows -1 until the recording is finished.
    duration: rec.duration === null ? '-1' : String(rec.duration),
    price: null,
    price_unit: 'USD',
    status: rec.status,
    channels: rec.channels,
    source: rec.source,
    error_code: rec.errorCode,
    uri: `${path}.json`,
    encryption_details: null,
    subresource_uris: {
      add_on_results: `${path}/AddOnResults.json`,
      transcriptions: `${path}/Transcriptions.json`,
    },
    media_url: recordingUrl(rec, simulatorUrl),
  }
}
