import type { IvrCalls } from './ivr.ts'
import type { Recordings } from './recordings.ts'

export interface VoicemailDeps {
  calls: Pick<IvrCalls, 'apply' | 'cards' | 'missed'>
  recordings: Recordings
}

export interface RecordingReport {
  callSid: string
  recordingSid: string
  /** Twilio's RecordingStatus; the Record action reports `completed`. */
  status: string
  durationSeconds?: number
  mediaUrl?: string
}

/** A recording is taken only from a caller at the voicemail prompt; later reports update the one already kept. */
const leavingVoicemail = new Set(['voicemail', 'recording_voicemail'])

/**
 * The Call model's facet for voicemails. The recording's status callbacks and the Record action arrive in
 * any order and each may repeat: the recording is stored once per RecordingSid, and the edges' `from`
 * states make the first report that ends the call the only one that does.
 */
export class Voicemails {
  constructor(private readonly deps: VoicemailDeps) {}

  async reported(report: RecordingReport): Promise<void> {
    const call = await this.deps.calls.cards.findBySid(report.callSid)
    if (!call || call.direction !== 'inbound') return
    if (!leavingVoicemail.has(call.status) && !(await this.deps.recordings.known(report.recordingSid, call.id))) return
    await this.deps.recordings.save({ callId: call.id, recordingSid: report.recordingSid, status: report.status, durationSeconds: report.durationSeconds, mediaUrl: report.mediaUrl })
    const data = { recordingSid: report.recordingSid, ...(report.durationSeconds === undefined ? {} : { seconds: report.durationSeconds }) }
    if (report.status === 'in-progress') await this.deps.calls.apply('recording_voicemail', call.id)
    else if (report.status === 'completed') await this.deps.calls.apply('voicemail_left', call.id, { data })
    else if (report.status === 'absent' || report.status === 'failed') await this.deps.calls.apply('voicemail_empty', call.id, { data: { ...data, status: report.status } })
  }

  /**
   * The transcript usually arrives after the voicemail, but may overtake the recording's own reports: it is
   * kept either way, and the Missed calls lists that show it are re-rendered.
   */
  async transcribed(callSid: string, recordingSid: string, text: string): Promise<void> {
    const call = await this.deps.calls.cards.findBySid(callSid)
    if (!call || call.direction !== 'inbound') return
    const ours = leavingVoicemail.has(call.status) || call.endReason === 'voicemail' || (await this.deps.recordings.known(recordingSid, call.id))
    if (!ours) return
    await this.deps.recordings.transcribed(call.id, recordingSid, text)
    this.deps.calls.missed.changed([call.queueId])
  }
}
