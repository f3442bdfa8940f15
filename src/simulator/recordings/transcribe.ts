import type { Call } from '../calls/call.ts'
import { callParams } from '../calls/params.ts'
import type { SimContext } from '../context.ts'
import { mediaMs } from '../context.ts'
import { requestWebhook } from '../webhooks.ts'
import { recordingUrl } from './json.ts'
import type { Recording } from './recording.ts'
import { Transcription, transcriptionPath } from './transcription.ts'

/** What the simulated recognizer returns when the caller's words are unknown (e.g. only `seconds` were scripted). */
export const SIMULATED_TRANSCRIPT = 'This is a simulated voicemail transcript.'
/** Twilio transcribes <Record> recordings of at most two minutes; longer ones fail. */
const MAX_TRANSCRIBED_SECONDS = 120
const TRANSCRIBE_SECONDS = 1

/**
 * <Record transcribe> (https://www.twilio.com/docs/voice/twiml/record#transcribe): a moment after the recording
 * completes, the Transcription is `completed` with what the caller said, and transcribeCallback (always POST) gets
 * TranscriptionSid, TranscriptionText, TranscriptionStatus, TranscriptionUrl, RecordingSid, RecordingUrl and the call's parameters.
 */
export function transcribeLater(sim: SimContext, call: Call, rec: Recording, text: string, callbackUrl: string | undefined): Transcription {
  const transcription = new Transcription(rec)
  rec.transcriptions.push(transcription)
  setTimeout(() => void finishTranscription(sim, call, transcription, text, callbackUrl), mediaMs(sim, TRANSCRIBE_SECONDS)).unref()
  return transcription
}

async function finishTranscription(sim: SimContext, call: Call, tr: Transcription, text: string, callbackUrl: string | undefined): Promise<void> {
  const failed = (tr.recording.duration ?? 0) > MAX_TRANSCRIBED_SECONDS
  tr.finish(failed ? 'failed' : 'completed', failed ? null : text || SIMULATED_TRANSCRIPT)
  if (!callbackUrl) return
  const base = sim.options.simulatorUrl().replace(/\/+$/, '')
  const params = {
    ...callParams(call),
    TranscriptionSid: tr.sid,
    TranscriptionText: tr.text ?? '',
    TranscriptionStatus: tr.status,
    TranscriptionUrl: base + transcriptionPath(tr),
    RecordingSid: tr.recording.sid,
    RecordingUrl: recordingUrl(tr.recording, base),
  }
  try {
    await requestWebhook(sim, { kind: 'transcription', callSid: call.sid, url: callbackUrl, method: 'POST', params })
  } catch (error) {
    sim.log?.warn({ err: error, callSid: call.sid }, 'simulator: transcription callback failed')
  }
}
