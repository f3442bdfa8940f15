import { rfc2822 } from '../dates.ts'
import { newSid } from '../sid.ts'
import type { Recording } from './recording.ts'

export type TranscriptionStatus = 'in-progress' | 'completed' | 'failed'

/** Transcription resource (https://www.twilio.com/docs/voice/api/recording-transcription), made only by <Record transcribe>. */
export class Transcription {
  readonly sid = newSid('TR')
  readonly dateCreated = new Date()
  dateUpdated = new Date()
  status: TranscriptionStatus = 'in-progress'
  text: string | null = null

  constructor(readonly recording: Recording) {}

  finish(status: 'completed' | 'failed', text: string | null): void {
    this.status = status
    this.text = text
    this.dateUpdated = new Date()
  }
}

export function transcriptionPath(tr: Transcription): string {
  return `/2010-04-01/Accounts/${tr.recording.accountSid}/Transcriptions/${tr.sid}`
}

export function transcriptionJson(tr: Transcription): Record<string, unknown> {
  return {
    sid: tr.sid,
    account_sid: tr.recording.accountSid,
    api_version: '2010-04-01',
    recording_sid: tr.recording.sid,
    status: tr.status,
    transcription_text: tr.text,
    type: 'fast',
    duration: String(tr.recording.duration ?? 0),
    price: null,
    price_unit: 'USD',
    date_created: rfc2822(tr.dateCreated),
    date_updated: rfc2822(tr.dateUpdated),
    uri: `${transcriptionPath(tr)}.json`,
  }
}
