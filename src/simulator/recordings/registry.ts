import type { SimContext } from '../context.ts'
import { sendRecordingCallback } from './callbacks.ts'
import type { RecordingInit, RecordingStatus } from './recording.ts'
import { Recording, SILENT_RECORDING_ERROR } from './recording.ts'
import type { Transcription } from './transcription.ts'

export type StartRecording = Omit<RecordingInit, 'accountSid'>

export interface RecordingFilter {
  callSid?: string
  conferenceSid?: string
}

/**
 * Every Recording of one simulator and the only place their status changes. Other simulator code (a verb, a
 * conference, REST) starts a recording, pauses/resumes it and stops it; the registry keeps the resource, emits a
 * `recording` event and sends the recording status callback.
 */
export class RecordingRegistry {
  readonly #all = new Map<string, Recording>()

  constructor(private readonly sim: SimContext) {}

  start(init: StartRecording): Recording {
    const rec = new Recording({ accountSid: this.sim.options.accountSid, ...init })
    this.#all.set(rec.sid, rec)
    this.announce(rec)
    sendRecordingCallback(this.sim, rec, 'in-progress')
    return rec
  }

  pause(rec: Recording): void {
    if (rec.status !== 'in-progress') return
    rec.recordedMs = rec.elapsedMs()
    rec.resumedAt = null
    this.change(rec, 'paused')
  }

  resume(rec: Recording): void {
    if (rec.status !== 'paused') return
    rec.resumedAt = Date.now()
    this.change(rec, 'in-progress')
  }

  /** A Status update through REST (call or conference recordings): paused, in-progress (resume) or stopped. */
  setStatus(rec: Recording, status: 'paused' | 'in-progress' | 'stopped'): void {
    if (status === 'paused') this.pause(rec)
    else if (status === 'in-progress') this.resume(rec)
    else this.stop(rec)
  }

  /**
   * Ends the recording: `completed` with its duration, or `absent` (ErrorCode 16102) when nothing was recorded.
   * `durationSec` overrides the clock, for callers that know the simulated length (e.g. <Record>).
   */
  stop(rec: Recording, durationSec?: number): void {
    if (!rec.isActive) return
    rec.recordedMs = rec.elapsedMs()
    rec.resumedAt = null
    rec.duration = Math.max(0, Math.round(durationSec ?? rec.recordedMs / (1000 * this.sim.options.timeScale)))
    if (rec.duration === 0) rec.errorCode = SILENT_RECORDING_ERROR
    this.change(rec, rec.duration === 0 ? 'absent' : 'completed')
    sendRecordingCallback(this.sim, rec, rec.duration === 0 ? 'absent' : 'completed')
  }

  get(sid: string): Recording | undefined {
    return this.#all.get(sid)
  }

  transcription(sid: string): Transcription | undefined {
    for (const rec of this.#all.values()) {
      const found = rec.transcriptions.find((t) => t.sid === sid)
      if (found) return found
    }
    return undefined
  }

  /** Newest first, as Twilio lists them. */
  list(filter: RecordingFilter = {}): Recording[] {
    return [...this.#all.values()]
      .filter((r) => (!filter.callSid || r.callSid === filter.callSid) && (!filter.conferenceSid || r.conferenceSid === filter.conferenceSid))
      .reverse()
  }

  /** DELETE: an active recording is stopped first (its callback still goes out), then the resource is gone. */
  remove(sid: string): boolean {
    const rec = this.#all.get(sid)
    if (!rec) return false
    this.stop(rec)
    return this.#all.delete(sid)
  }

  /** A call ended: its API-started recordings end with it. <Record> and conferences stop their own. */
  callEnded(callSid: string): void {
    for (const rec of this.#all.values()) {
      if (rec.callSid === callSid && !rec.conferenceSid && rec.source !== 'RecordVerb') this.stop(rec)
    }
  }

  private change(rec: Recording, status: RecordingStatus): void {
    rec.status = status
    rec.dateUpdated = new Date()
    this.announce(rec)
  }

  private announce(rec: Recording): void {
    this.sim.events.emit({ type: 'recording', recordingSid: rec.sid, callSid: rec.callSid, conferenceSid: rec.conferenceSid, status: rec.status, source: rec.source })
  }
}
