import type { SimContext } from '../context.ts'
import { rfc2822 } from '../dates.ts'
import { requestWebhook } from '../webhooks.ts'
import { recordingUrl } from './json.ts'
import type { Recording, RecordingEvent } from './recording.ts'

/**
 * The recording status callback (https://www.twilio.com/docs/voice/api/recording#recordingstatuscallback), sent only
 * for the events the callback asked for, one at a time per recording so `in-progress` arrives before `completed`.
 */
export function sendRecordingCallback(sim: SimContext, rec: Recording, event: RecordingEvent): void {
  const config = rec.callback
  if (!config?.events.has(event)) return
  const params = recordingCallbackParams(rec, sim.options.simulatorUrl())
  rec.callbackChain = rec.callbackChain
    .then(() => requestWebhook(sim, { kind: 'recording-status', callSid: rec.callSid, url: config.url, method: config.method, params }))
    .then(() => undefined, (error: unknown) => sim.log?.warn({ err: error, recordingSid: rec.sid }, 'simulator: recording status callback failed'))
}

function recordingCallbackParams(rec: Recording, simulatorUrl: string): Record<string, string> {
  const params: Record<string, string> = {
    AccountSid: rec.accountSid,
    RecordingSid: rec.sid,
    RecordingUrl: recordingUrl(rec, simulatorUrl),
    RecordingStatus: rec.status,
    RecordingChannels: String(rec.channels),
    RecordingStartTime: rfc2822(rec.startTime),
    RecordingSource: rec.source,
  }
  if (rec.callSid) params.CallSid = rec.callSid
  if (rec.conferenceSid) params.ConferenceSid = rec.conferenceSid
  if (rec.duration !== null) params.RecordingDuration = String(rec.duration)
  if (rec.errorCode !== null) params.ErrorCode = String(rec.errorCode)
  return params
}
