import type { Telephony } from './telephony.ts'
import { backToQueue, conferenceName, conferenceRecording, dialAgent, joinConference } from './twiml.ts'

/** Twilio's answer when the call is already over (not found, or no longer in progress). */
const alreadyOver = new Set([20404, 21220])
/** "Call is not in-progress. Cannot redirect." https://www.twilio.com/docs/errors/21220 */
const notInProgress = 21220

/** The participant label of a supervisor in a call's conference, and Twilio's refusal of a label in use. */
const supervisorLabel = 'supervisor'
/** The participant label of the customer in a call's conference, inbound (their TwiML) or outbound (the number added). */
export const callerLabel = 'caller'
const labelInUse = 16026

/** The conference's recording settings as the Participants API names them (Conference…). */
function restRecording(settings: ReturnType<typeof conferenceRecording>) {
  return {
    conferenceRecord: settings.record,
    conferenceRecordingStatusCallback: settings.recordingStatusCallback,
    conferenceRecordingStatusCallbackMethod: settings.recordingStatusCallbackMethod,
    conferenceRecordingStatusCallbackEvent: [...settings.recordingStatusCallbackEvent],
  }
}

/** Whether a REST failure means the call it named is gone. */
export function callIsGone(failure: Pick<RestFailure, 'code'>): boolean {
  return alreadyOver.has(failure.code ?? 0)
}

export interface RestFailure {
  status?: number
  code?: number
  message: string
  /** 4xx answers will not change on retry; network errors, 429 and 5xx may. */
  permanent: boolean
}

export function restFailure(error: unknown): RestFailure {
  const { status, code, message } = error as { status?: unknown; code?: unknown; message?: unknown }
  const statusCode = typeof status === 'number' ? status : undefined
  return {
    status: statusCode,
    code: typeof code === 'number' ? code : undefined,
    message: typeof message === 'string' ? message : String(error),
    permanent: statusCode !== undefined && statusCode >= 400 && statusCode < 500 && statusCode !== 429,
  }
}

/** The REST work the app asks of Twilio, in its words. Knows calls only by their sids and urls. */
export class TwilioGateway {
  constructor(
    private readonly telephony: Pick<Telephony, 'rest' | 'number'>,
    private readonly publicUrl: () => string,
    /** Whether answered calls' conferences are recorded (RECORD_CALLS). */
    private readonly record = false,
  ) {}

  /** Takes the caller out of the queue into a `<Dial><Client>` to the agent's browser. */
  async dialAgent(callSid: string, identity: string, ringSeconds: number): Promise<void> {
    try {
      await this.telephony.rest.calls(callSid).update({ twiml: dialAgent(this.publicUrl(), identity, ringSeconds) })
    } catch (error) {
      if (restFailure(error).code === notInProgress && (await this.stillRinging(callSid))) throw new Error('The caller’s call has not started yet; trying again')
      throw error
    }
  }

  /** Takes the caller out of the queue into the call's conference (the bridge). */
  async bridgeCaller(callSid: string, callId: number): Promise<void> {
    try {
      await this.telephony.rest.calls(callSid).update({ twiml: joinConference(this.publicUrl(), callId, this.record) })
    } catch (error) {
      if (restFailure(error).code === notInProgress && (await this.stillRinging(callSid))) throw new Error('The caller’s call has not started yet; trying again')
      throw error
    }
  }

  /**
   * Rings an agent's browser into the call's conference as a participant; returns the new leg's CallSid.
   * A participant created by FriendlyName joins the active conference of that name or starts it
   * (https://www.twilio.com/docs/voice/api/conference-participant-resource#create-a-participant). The
   * agent's leaving ends the conference, as hanging up a `<Dial><Client>` did; the leg's own progress goes
   * to the agent's leg route (answered, and how it ended).
   */
  async addAgent(callId: number, agentId: number, identity: string, ringSeconds: number, endConferenceOnExit = true): Promise<string> {
    const participant = await this.telephony.rest.conferences(conferenceName(callId)).participants.create({
      from: this.telephony.number,
      to: `client:${identity}`,
      label: identity,
      startConferenceOnEnter: true,
      endConferenceOnExit,
      timeout: ringSeconds,
      statusCallback: `${this.publicUrl()}/twilio/calls/${callId}/agents/${agentId}/leg`,
      statusCallbackMethod: 'POST',
      statusCallbackEvent: ['answered', 'completed'],
      // The conference takes these from whoever starts it, the agent's leg or the caller's TwiML: both say the same.
      conferenceStatusCallback: `${this.publicUrl()}/twilio/conference/${callId}`,
      conferenceStatusCallbackMethod: 'POST',
      conferenceStatusCallbackEvent: ['start', 'end', 'join', 'leave', 'hold', 'mute'],
      ...(this.record ? restRecording(conferenceRecording(this.publicUrl(), callId)) : {}),
    })
    return participant.callSid
  }

  /**
   * An outbound call's number, added to the call's conference once the agent's browser answered: a participant
   * labelled `caller` (as the inbound caller is), from the team's number, ringing for `ringSeconds`; its leaving
   * ends the conference. Its progress (ringing, answered, and how it ended: completed, busy, no-answer, failed,
   * canceled) goes to the outbound call's number route
   * (https://www.twilio.com/docs/voice/api/conference-participant-resource#create-a-participant: Label,
   * EndConferenceOnExit, Timeout, StatusCallback, StatusCallbackEvent). A retry after a create that did reach
   * Twilio is refused for the label in use (16026): the number is already being dialled.
   */
  async addFarEnd(callId: number, to: string, ringSeconds: number): Promise<void> {
    try {
      await this.telephony.rest.conferences(conferenceName(callId)).participants.create({
        from: this.telephony.number,
        to,
        label: callerLabel,
        startConferenceOnEnter: true,
        endConferenceOnExit: true,
        beep: 'false',
        timeout: ringSeconds,
        statusCallback: `${this.publicUrl()}/twilio/outbound/${callId}/number`,
        statusCallbackMethod: 'POST',
        statusCallbackEvent: ['ringing', 'answered', 'completed'],
        // The conference takes these from whoever starts it, this participant or the agent's TwiML: both say the same.
        conferenceStatusCallback: `${this.publicUrl()}/twilio/conference/${callId}`,
        conferenceStatusCallbackMethod: 'POST',
        conferenceStatusCallbackEvent: ['start', 'end', 'join', 'leave', 'hold', 'mute'],
        ...(this.record ? restRecording(conferenceRecording(this.publicUrl(), callId)) : {}),
      })
    } catch (error) {
      if (restFailure(error).code !== labelInUse) throw error
    }
  }

  /** Whether the caller is already a participant of the call's conference (a retried bridge must not redirect twice). */
  async inConference(callId: number, callSid: string): Promise<boolean> {
    const sid = await this.conferenceSid(callId)
    if (!sid) return false
    try {
      await this.telephony.rest.conferences(sid).participants(callSid).fetch()
      return true
    } catch (error) {
      if (restFailure(error).status === 404) return false
      throw error
    }
  }

  /** The active conference of a call, by its name (the status callback that names its sid may not have arrived yet). */
  async conferenceSid(callId: number): Promise<string | null> {
    const [conference] = await this.telephony.rest.conferences.list({ friendlyName: conferenceName(callId), status: 'in-progress', limit: 1 })
    if (conference) return conference.sid
    const [waiting] = await this.telephony.rest.conferences.list({ friendlyName: conferenceName(callId), status: 'init', limit: 1 })
    return waiting?.sid ?? null
  }

  /**
   * Takes an agent's leg out of the conference without ending it: their end-on-exit is dropped first, then the
   * participant is removed, which hangs up a leg the API created
   * (https://www.twilio.com/docs/voice/api/conference-participant-resource#delete-a-participant-resource).
   */
  async leave(conferenceSid: string, callSid: string): Promise<void> {
    const participant = this.telephony.rest.conferences(conferenceSid).participants(callSid)
    try {
      await participant.update({ endConferenceOnExit: false })
      await participant.remove()
    } catch (error) {
      if (restFailure(error).status !== 404) throw error
    }
  }

  /**
   * A supervisor's phone in a conference, by the participant label `supervisor`: updated when it is there,
   * else added (ringing their browser). Coaching needs CallSidToCoach, the agent's leg
   * (https://www.twilio.com/docs/voice/api/conference-participant-resource#request-body-parameters).
   * Two adds at once: the second is refused for the label in use (16026) and tried again, then updates.
   */
  async supervise(conferenceSid: string, supervisor: { identity: string; muted: boolean; coach: string | null; ringSeconds: number }): Promise<void> {
    const flags = { muted: supervisor.muted, coaching: supervisor.coach !== null, ...(supervisor.coach ? { callSidToCoach: supervisor.coach } : {}) }
    try {
      await this.telephony.rest.conferences(conferenceSid).participants(supervisorLabel).update(flags)
      return
    } catch (error) {
      if (restFailure(error).status !== 404) throw error
    }
    try {
      await this.telephony.rest.conferences(conferenceSid).participants.create({
        from: this.telephony.number,
        to: `client:${supervisor.identity}`,
        label: supervisorLabel,
        startConferenceOnEnter: false,
        endConferenceOnExit: false,
        timeout: supervisor.ringSeconds,
        ...flags,
      })
    } catch (error) {
      if (restFailure(error).code === labelInUse) throw new Error('Another supervisor request added the participant first; trying again')
      throw error
    }
  }

  /** An outbound call's number taken out of the conference (hung up if it still rings); gone already is no error. */
  async removeFarEnd(conferenceSid: string): Promise<void> {
    try {
      await this.telephony.rest.conferences(conferenceSid).participants(callerLabel).remove()
    } catch (error) {
      if (restFailure(error).status !== 404) throw error
    }
  }

  async removeSupervisor(conferenceSid: string): Promise<void> {
    try {
      await this.telephony.rest.conferences(conferenceSid).participants(supervisorLabel).remove()
    } catch (error) {
      if (restFailure(error).status !== 404) throw error
    }
  }

  /**
   * Pauses or resumes the conference's current recording
   * (https://www.twilio.com/docs/voice/api/conference-recording-resource#update-a-conferencerecording-resource;
   * `Twilio.CURRENT` names the active one, PauseBehavior `skip` leaves the pause out of the audio).
   */
  async pauseRecording(conferenceSid: string, pause: boolean): Promise<void> {
    await this.telephony.rest.conferences(conferenceSid).recordings('Twilio.CURRENT').update(pause ? { status: 'paused', pauseBehavior: 'skip' } : { status: 'in-progress' })
  }

  /** A warm transfer completed: the consulted agent's leaving now ends the call, as the first agent's did. Their leg's sid. */
  async handOver(conferenceSid: string, label: string): Promise<string> {
    return (await this.telephony.rest.conferences(conferenceSid).participants(label).update({ endConferenceOnExit: true })).callSid
  }

  /** The agent's browser did not answer: the caller goes back to the queue, out of the conference. */
  async requeueCaller(callSid: string): Promise<void> {
    await this.telephony.rest.calls(callSid).update({ twiml: backToQueue(this.publicUrl()) })
  }

  /**
   * Puts a participant on hold with hold music, or takes them off it
   * (https://www.twilio.com/docs/voice/api/conference-participant-resource#update-a-participant-resource: Hold, HoldUrl, HoldMethod).
   * The participant is named by its CallSid or its label (the path takes either).
   */
  async hold(conferenceSid: string, callSidOrLabel: string, hold: boolean): Promise<void> {
    const participant = this.telephony.rest.conferences(conferenceSid).participants(callSidOrLabel)
    await participant.update(hold ? { hold: true, holdUrl: `${this.publicUrl()}/twilio/hold`, holdMethod: 'POST' } : { hold: false })
  }

  /**
   * An inbound call rings until Twilio runs the TwiML our webhook answered, a moment after the answer left;
   * an agent may accept the offer inside that moment. Then a redirect is refused, but not for good.
   */
  private async stillRinging(callSid: string): Promise<boolean> {
    const { status } = await this.telephony.rest.calls(callSid).fetch()
    return status === 'queued' || status === 'ringing'
  }

  /** Twilio's status of a call, or null when Twilio no longer knows it. */
  async callStatus(callSid: string): Promise<string | null> {
    try {
      return (await this.telephony.rest.calls(callSid).fetch()).status
    } catch (error) {
      if (restFailure(error).status === 404) return null
      throw error
    }
  }

  async hangUp(callSid: string): Promise<void> {
    try {
      await this.telephony.rest.calls(callSid).update({ status: 'completed' })
    } catch (error) {
      if (!callIsGone(restFailure(error))) throw error
    }
  }

  /**
   * Rings the agent's own browser for an outbound call. Its TwiML comes from a URL, not inline, because
   * Twilio sends status callbacks only for calls whose TwiML it fetched. Returns the agent leg's CallSid.
   */
  async ringAgentBrowser(callId: number, identity: string, ringSeconds: number): Promise<string> {
    const base = `${this.publicUrl()}/twilio/outbound/${callId}`
    const call = await this.telephony.rest.calls.create({
      to: `client:${identity}`,
      from: this.telephony.number,
      url: base,
      method: 'POST',
      statusCallback: `${base}/status`,
      statusCallbackMethod: 'POST',
      statusCallbackEvent: ['completed'],
      timeout: ringSeconds,
    })
    return call.sid
  }
}
