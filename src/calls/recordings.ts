import type { PrismaClient } from '../db/client.ts'
import { isUniqueViolation } from './store.ts'

export interface RecordingReport {
  callId: number
  recordingSid: string
  status: string
  durationSeconds?: number
  mediaUrl?: string
  /** A voicemail (the default) or the recording of an answered call's conference. */
  kind?: 'voicemail' | 'call'
}

/**
 * Voicemail recordings kept on their call. Twilio reports one recording several times (the Record action
 * and each status callback, in any order); each report updates the one row for its RecordingSid.
 */
export class Recordings {
  constructor(private readonly db: PrismaClient) {}

  async save(report: RecordingReport): Promise<void> {
    const changes = { status: report.status, durationSeconds: report.durationSeconds, ...(report.mediaUrl ? { mediaUrl: report.mediaUrl } : {}) }
    const finished = report.status === 'in-progress' ? { status: { notIn: ['completed', 'absent', 'failed'] } } : {}
    const update = () => this.db.recording.updateMany({ where: { twilioSid: report.recordingSid, ...finished }, data: changes })
    if ((await update()).count === 1 || (report.status === 'in-progress' && (await this.db.recording.count({ where: { twilioSid: report.recordingSid } })) > 0)) return
    try {
      await this.db.recording.create({ data: { ...changes, callId: report.callId, twilioSid: report.recordingSid, kind: report.kind ?? 'voicemail', mediaUrl: report.mediaUrl ?? '' } })
    } catch (error) {
      if (!isUniqueViolation(error)) throw error
      await update()
    }
  }

  async known(recordingSid: string, callId: number): Promise<boolean> {
    return (await this.db.recording.count({ where: { twilioSid: recordingSid, callId } })) > 0
  }

  /** Keeps the transcript, on the recording's row or on a new one its later reports complete. */
  async transcribed(callId: number, recordingSid: string, transcript: string): Promise<void> {
    const update = () => this.db.recording.updateMany({ where: { twilioSid: recordingSid, callId }, data: { transcript } })
    if ((await update()).count === 1) return
    try {
      await this.db.recording.create({ data: { callId, twilioSid: recordingSid, kind: 'voicemail', status: 'processing', mediaUrl: '', transcript } })
    } catch (error) {
      if (!isUniqueViolation(error)) throw error
      await update()
    }
  }

  /**
   * Admins; for a voicemail, agents of the call's queue (a call that was in no queue is the whole team's);
   * for a recorded conversation, only the agents who took part in it.
   */
  async mayListen(viewer: { id: number; role: string }, recording: { kind: string; call: { id: number; queueId: number | null } }): Promise<boolean> {
    const { queueId } = recording.call
    if (viewer.role === 'admin') return true
    if (recording.kind === 'call') return (await this.db.callEvent.count({ where: { callId: recording.call.id, agentId: viewer.id, type: 'connected' } })) > 0
    if (queueId === null) return true
    return (await this.db.queueMember.count({ where: { queueId, agentId: viewer.id } })) > 0
  }

  /** A recording and the queue of its call, for deciding who may listen. */
  find(id: number) {
    return this.db.recording.findUnique({ where: { id }, select: { id: true, twilioSid: true, status: true, kind: true, callId: true, call: { select: { id: true, queueId: true } } } })
  }

  /** A recorded conversation's report, for a call that exists (a signed report about no call changes nothing). */
  async callRecorded(report: RecordingReport): Promise<boolean> {
    if ((await this.db.call.count({ where: { id: report.callId } })) === 0) return false
    await this.save({ ...report, kind: 'call' })
    return report.status === 'completed'
  }
}
