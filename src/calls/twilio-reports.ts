import { fits, type EdgeName, type NoteName } from './lifecycle.ts'
import type { CallCard, Cards } from './cards.ts'
import type { ApplyParams, CallKey, CallStore } from './store.ts'

type Apply = (name: EdgeName, key: CallKey, params?: ApplyParams, notice?: string) => Promise<CallCard | null>

/** What the caller's line does after its `<Dial>` to the agent's browser ended. */
export type DialDecision = 'hang-up' | 'back-to-queue' | 'nothing'

const lineOver = new Set(['completed', 'busy', 'failed', 'no-answer', 'canceled'])
/** How an agent's leg ends when their browser did not take it; `canceled` means the conference ended first (the caller left). */
const agentMissed = new Set(['busy', 'failed', 'no-answer'])

const farEndEdges: Record<string, EdgeName> = {
  completed: 'far_end_hung_up',
  answered: 'far_end_hung_up',
  busy: 'busy',
  'no-answer': 'no_answer',
  failed: 'failed',
  canceled: 'canceled',
}

export interface ConferenceReport {
  conferenceSid: string
  event: string
  callSid?: string
  label?: string
  reason?: string
  sequence?: number
}

/** Twilio's conference events the timeline keeps: https://www.twilio.com/docs/voice/api/conference-resource#statuscallbackevent */
const conferenceNotes: Record<string, NoteName> = {
  'conference-start': 'conference_started',
  'conference-end': 'conference_ended',
  'participant-join': 'participant_joined',
  'participant-leave': 'participant_left',
  'participant-hold': 'participant_held',
  'participant-unhold': 'participant_resumed',
}

/** Why an outbound call ended when its cold transfer's target did not answer (on the target's card and the timeline). */
const transferMissed = 'Your browser did not answer the transfer: the first agent had already left, so the call ended and the number was hung up.'

/** The edges a caller's hang-up may take, the commonest first (only the one whose `from` matches applies). */
const hangUpEdges: readonly EdgeName[] = ['abandoned', 'hung_up', 'left_menu', 'hung_up_at_voicemail_prompt']

/**
 * The Call model's facet for Twilio's reports. Each method turns what a webhook says into edges of the
 * lifecycle table (applied through the model, so the one hook follows), and decides what the line does
 * next. Every edge names its direction, so a report about one kind of call never moves the other kind.
 */
export class TwilioReports {
  /** Conferences whose sid this process has already given its call (`callId:conferenceSid`). */
  private readonly conferencesSeen = new Set<string>()

  constructor(
    private readonly apply: Apply,
    private readonly store: CallStore,
    private readonly cards: Cards,
  ) {}

  /** The caller left the queue; only a hang-up changes the call (a redirect to an agent is ours). */
  async queueResult(callSid: string, result: string): Promise<void> {
    if (result === 'hangup') await this.callerHungUp({ twilioSid: callSid }, 'queue-result')
  }

  /** The caller's `<Dial>` to the agent's browser ended: the caller hung up, the talk ended, or the browser missed it. */
  async dialResult(callSid: string, callStatus: string | undefined, dialCallStatus: string): Promise<DialDecision> {
    const call = await this.cards.findBySid(callSid)
    if (!call || call.direction !== 'inbound') return 'hang-up'
    if (callStatus && lineOver.has(callStatus)) {
      await this.callerHungUp(call, 'dial-result')
      return 'nothing'
    }
    if (dialCallStatus === 'completed' || dialCallStatus === 'answered') {
      if (fits('hung_up', call)) await this.apply('hung_up', call.id, { data: { source: 'dial-result' } })
      return 'hang-up'
    }
    const missed = call.status === 'connecting' && call.agentId !== null && (await this.apply('agent_missed', call.id, { agentId: call.agentId, data: { dialStatus: dialCallStatus } }))
    return missed ? 'back-to-queue' : 'hang-up'
  }

  /** A status callback: the agent's leg answering (it names the caller as its parent), or the caller's line ending. */
  async callStatus(callSid: string, status: string, parentCallSid: string | undefined, sequence: number | undefined): Promise<void> {
    if (parentCallSid) {
      if (status === 'in-progress') await this.apply('connected', { twilioSid: parentCallSid })
      return
    }
    const call = await this.cards.findBySid(callSid)
    if (!call || call.direction !== 'inbound' || !(await this.store.recordSequence(call.id, sequence))) return
    if (lineOver.has(status)) await this.callerHungUp(call, 'status-callback')
  }

  /**
   * The progress of an agent's leg into the call's conference: answered connects the call; a leg that ends
   * unanswered (rejected, not answered in time, unreachable) sends the caller back to the queue. After that the conference reports (the agent's
   * leaving ends it, and the caller's `<Dial>` action says so). On an outbound call such a leg is a cold
   * transfer's target: answered, they talk with the far end; unanswered, the call ends (nobody else is in it).
   */
  async bridgeLegStatus(callId: number, agentId: number, status: string): Promise<void> {
    const data = { source: 'agent-leg', dialStatus: status }
    if (status === 'in-progress') {
      ;(await this.apply('agent_answered', callId, { agentId, data })) ?? (await this.apply('outbound_agent_answered', callId, { agentId, data }))
    } else if (agentMissed.has(status)) {
      ;(await this.apply('agent_leg_missed', callId, { agentId, data })) ?? (await this.apply('outbound_agent_leg_missed', callId, { agentId, data }, transferMissed))
    }
  }

  /**
   * A conference status callback: the conference's sid is kept, and joins, leaves, holds and the start and
   * end go on the timeline, each once (Twilio may send one twice; they change no state, so order is harmless).
   */
  async conferenceEvent(callId: number, report: ConferenceReport): Promise<void> {
    // Written once per conference and process: the call's later callbacks (about six) would each write nothing.
    const seen = `${callId}:${report.conferenceSid}`
    if (!this.conferencesSeen.has(seen) || report.event === 'conference-start') {
      await this.store.attachConference(callId, report.conferenceSid, report.event === 'conference-start')
      if (this.conferencesSeen.size >= 10_000) this.conferencesSeen.clear()
      this.conferencesSeen.add(seen)
    }
    const name = conferenceNotes[report.event]
    if (!name) return
    const data = { conferenceSid: report.conferenceSid, ...(report.callSid ? { callSid: report.callSid } : {}), ...(report.label ? { label: report.label } : {}), ...(report.reason ? { reason: report.reason } : {}) }
    await this.store.noteOnce(callId, name, `${report.conferenceSid}:${report.event}:${report.callSid ?? ''}:${report.sequence ?? ''}`, data)
  }

  /**
   * The agent's browser picked up an outbound call: if the call is still wanted, the number is dialled into
   * the call's conference (a `dial_far_end` job) and the agent joins it. The agent's id, or null to hang up.
   */
  async agentAnswered(callId: number, callSid: string): Promise<number | null> {
    await this.store.attachSid(callId, callSid)
    if (!(await this.cards.waitingToDial(callId, callSid))) return null
    const call = await this.apply('number_dialed', callId, { data: { callSid } })
    return call?.agentId ?? null
  }

  /**
   * The agent's own leg of an outbound call ended: what that means depends on how far the call had got. A leg
   * that is no longer the agent's (a transfer took the first agent out; the new one talks on a leg of their
   * own, agentCallSid) ends nothing.
   */
  async agentLegStatus(callId: number, status: string, callSid: string): Promise<void> {
    if (!lineOver.has(status)) return
    const bridge = await this.cards.bridge(callId)
    const current = bridge?.agentCallSid ?? bridge?.twilioSid
    if (current && current !== callSid) return
    const data = { source: 'agent-status', dialStatus: status }
    if (status === 'no-answer' || status === 'busy') {
      await this.apply('dial_missed', callId, { data })
      return
    }
    if (status === 'failed' && (await this.apply('failed', callId, { data }, 'Your browser’s phone could not be reached.'))) return
    ;(await this.apply('agent_hung_up', callId, { data })) ?? (await this.apply('canceled', callId, { data }))
  }

  /** The dialled number's progress, from its leg's status callback. */
  async farEndStatus(callId: number, status: string): Promise<void> {
    if (status === 'ringing') await this.apply('ringing', callId)
    else if (status === 'in-progress') await this.apply('answered', callId)
    else await this.farEndEnded(callId, status, 'number-status')
  }

  /** Dial's action and the leg's status callback both say the number's leg is over; the first wins. */
  farEndEnded(callId: number, status: string, source: string): Promise<CallCard | null> {
    const name = farEndEdges[status]
    return name ? this.apply(name, callId, { data: { source } }) : Promise.resolve(null)
  }

  /** A caller recording a voicemail is left alone: the recording's own callbacks end that call. */
  private async callerHungUp(key: CallKey | CallCard, source: string): Promise<CallCard | null> {
    if (typeof key === 'object' && 'status' in key) {
      // The call as just read picks the edge (none when it is over already); a race with another change falls through to trying each.
      const read = key
      const name = hangUpEdges.find((candidate) => fits(candidate, read))
      if (!name) return null
      const call = await this.apply(name, read.id, { data: { source } })
      if (call) return call
      key = read.id
    }
    for (const name of hangUpEdges) {
      const call = await this.apply(name, key, { data: { source } })
      if (call) return call
    }
    return null
  }
}
