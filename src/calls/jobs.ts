import type { FastifyBaseLogger } from 'fastify'
import { callerLabel, callIsGone, type TwilioGateway } from '../twilio/gateway.ts'
import { agentIdentity } from '../twilio/identity.ts'
import { supervisable, supervisions, type JobKind, type SupervisionMode } from './lifecycle.ts'
import type { JobHandler } from './outbox.ts'
import type { Calls } from './calls.ts'

export interface JobDeps {
  calls: Calls
  gateway: TwilioGateway
  log: FastifyBaseLogger
  agentRingSeconds: number
  /** How long an outbound call's number rings (DIAL_RING_SECONDS). */
  dialRingSeconds: number
}

/** What the jobs read of a call's bridge (`Cards.bridge`). */
interface Legs {
  direction: string
  twilioSid: string | null
  agentCallSid: string | null
}

/** The customer's participant: an inbound call's own leg; an outbound call's twilioSid is the agent's, the far end is labelled `caller`. */
function customer(direction: string, twilioSid: string): string {
  return direction === 'outbound' ? callerLabel : twilioSid
}

/**
 * The leg of the agent who talks now: the participant the app added (inbound, or anyone a transfer brought in);
 * an outbound call's first agent joined by TwiML on the call's own leg.
 */
export function agentLeg(bridge: Legs): string | null {
  return bridge.agentCallSid ?? (bridge.direction === 'outbound' ? bridge.twilioSid : null)
}

/** The Twilio work each job kind does. Handlers re-check the call first, so a job run twice does no harm. */
export function jobHandlers({ calls, gateway, log, agentRingSeconds, dialRingSeconds }: JobDeps): Record<JobKind, JobHandler> {
  async function holdOrResume(callId: number, hold: boolean): Promise<void> {
    const bridge = await calls.cards.bridge(callId)
    const conferenceSid = bridge?.conferenceSid ?? (await gateway.conferenceSid(callId))
    if (!bridge?.twilioSid || !conferenceSid) throw new Error('The caller is not in a conference.')
    await gateway.hold(conferenceSid, customer(bridge.direction, bridge.twilioSid), hold)
  }

  async function pauseOrResume(callId: number, pause: boolean): Promise<void> {
    const bridge = await calls.cards.bridge(callId)
    const conferenceSid = bridge?.conferenceSid ?? (await gateway.conferenceSid(callId))
    if (!conferenceSid) throw new Error('The caller is not in a conference.')
    await gateway.pauseRecording(conferenceSid, pause)
  }

  return {
    /**
     * The bridge: the caller into the call's conference, then the agent's browser as a participant. A retry
     * redirects the caller only if they are not in the conference yet (a second redirect would end it).
     */
    dial_agent: {
      async run({ call, attempts }) {
        if (call?.status !== 'connecting' || !call.twilioSid || !call.agentId) return
        if (attempts === 1 || !(await gateway.inConference(call.id, call.twilioSid))) await gateway.bridgeCaller(call.twilioSid, call.id)
        const identity = agentIdentity(call.agentId)
        const sid = await gateway.addAgent(call.id, call.agentId, identity, agentRingSeconds)
        try {
          if ((await calls.agentCallPlaced(call.id, call.agentId, sid, identity)) === 'ended') await gateway.hangUp(sid)
        } catch (error) {
          log.error({ err: error, callId: call.id, callSid: sid }, 'added the agent to the conference but could not record it')
        }
      },
      /** Twilio refused: if the caller is gone meanwhile the call is over (not an error to show); else the card says why. */
      async gaveUp(job, failure) {
        const sid = job.call?.twilioSid
        const status = sid && callIsGone(failure) ? await gateway.callStatus(sid).then((found) => found ?? 'completed', () => null) : null
        if (sid && status && !['queued', 'ringing', 'in-progress'].includes(status)) return calls.twilio.callStatus(sid, status, undefined, undefined)
        return calls.acceptFailed(job.callId!, `Could not connect the call: ${failure.message}`)
      },
    },
    /** A cold transfer taken: the new agent's browser joins the conference, then the first agent leaves it. */
    join_transfer_target: {
      async run({ call }) {
        if (call?.status !== 'connecting' || !call.agentId) return
        const bridge = await calls.cards.bridge(call.id)
        const conferenceSid = bridge?.conferenceSid ?? (await gateway.conferenceSid(call.id))
        if (!conferenceSid) throw new Error('The caller is not in a conference.')
        const firstLeg = bridge && agentLeg(bridge)
        const identity = agentIdentity(call.agentId)
        const sid = await gateway.addAgent(call.id, call.agentId, identity, agentRingSeconds)
        try {
          if ((await calls.agentCallPlaced(call.id, call.agentId, sid, identity)) === 'ended') await gateway.hangUp(sid)
          if (firstLeg && firstLeg !== sid) await gateway.leave(conferenceSid, firstLeg)
        } catch (error) {
          log.error({ err: error, callId: call.id, callSid: sid }, 'transfer: the new agent joined but the first one could not be taken out')
        }
      },
      gaveUp: (job, failure) => calls.transferFailed(job.callId!, `Could not transfer the call: ${failure.message}`),
    },
    /**
     * Brings the supervisor's participant in line with the call's supervision, whatever happened before: a
     * run twice, or two clicks whose jobs race, ends in the state the call row says.
     */
    supervise: {
      async run({ call }) {
        const bridge = call && (await calls.cards.bridge(call.id))
        if (!call || !bridge) return
        const conferenceSid = bridge.conferenceSid ?? (await gateway.conferenceSid(call.id))
        if (!conferenceSid) return
        const mode = bridge.supervision as SupervisionMode | null
        if (!mode || !bridge.supervisorId || !supervisable(bridge.status)) return gateway.removeSupervisor(conferenceSid)
        await gateway.supervise(conferenceSid, {
          identity: agentIdentity(bridge.supervisorId),
          muted: supervisions[mode].muted,
          coach: supervisions[mode].coaching ? agentLeg(bridge) : null,
          ringSeconds: agentRingSeconds,
        })
      },
      /** The board says why, and the supervisor is taken out of the call (the row and the conference agree again). */
      gaveUp: (job, failure) => calls.supervisionFailed(job.callId!, failure.message),
    },
    /** PCI: the conference's current recording paused while the caller reads out card details, then resumed. */
    pause_recording: {
      async run({ call }) {
        if (call?.status === 'in_progress') await pauseOrResume(call.id, true)
      },
      gaveUp: (job, failure) => calls.recordingPauseFailed(job.callId!, `The recording could NOT be paused: ${failure.message}. Do not take card details now.`),
    },
    resume_recording: {
      async run({ call }) {
        if (call?.status === 'in_progress') await pauseOrResume(call.id, false)
      },
      gaveUp: async (job, failure) => log.warn({ callId: job.callId, failure }, 'could not resume the recording'),
    },
    /** A warm transfer accepted: the second agent's browser joins the conference (the caller on hold meanwhile). */
    add_consultant: {
      async run({ call }) {
        const bridge = call?.status === 'consulting' ? await calls.cards.bridge(call.id) : null
        if (!bridge?.transferToId) return
        await gateway.addAgent(call!.id, bridge.transferToId, agentIdentity(bridge.transferToId), agentRingSeconds, false)
      },
      gaveUp: (job, failure) => calls.consultFailed(job.callId!, failure.message),
    },
    /** Complete transfer: the second agent keeps the caller (taken off hold), the first leaves. */
    complete_transfer: {
      async run({ call }) {
        const bridge = call?.status === 'in_progress' ? await calls.cards.bridge(call.id) : null
        if (!bridge?.agentId || !bridge.twilioSid) return
        const conferenceSid = bridge.conferenceSid ?? (await gateway.conferenceSid(call!.id))
        if (!conferenceSid) throw new Error('The caller is not in a conference.')
        const identity = agentIdentity(bridge.agentId)
        const sid = await gateway.handOver(conferenceSid, identity)
        await calls.agentCallPlaced(call!.id, bridge.agentId, sid, identity)
        // The first agent's participant is labelled with their identity, whether the API added it or (outbound) their TwiML.
        if (bridge.transferToId) await gateway.leave(conferenceSid, agentIdentity(bridge.transferToId))
        await gateway.hold(conferenceSid, customer(bridge.direction, bridge.twilioSid), false)
      },
      gaveUp: (job, failure) => calls.completeFailed(job.callId!, failure.message),
    },
    /** Cancel transfer: the second agent leaves, the caller is back with the first. */
    cancel_consult: {
      async run({ call }) {
        const bridge = call?.status === 'in_progress' ? await calls.cards.bridge(call.id) : null
        if (!bridge?.twilioSid) return
        const conferenceSid = bridge.conferenceSid ?? (await gateway.conferenceSid(call!.id))
        if (!conferenceSid) return
        if (bridge.transferToId) await gateway.leave(conferenceSid, agentIdentity(bridge.transferToId))
        await gateway.hold(conferenceSid, customer(bridge.direction, bridge.twilioSid), false)
      },
      gaveUp: (job, failure) => calls.cancelFailed(job.callId!, failure.message),
    },
    requeue_caller: {
      async run({ call }) {
        if (call?.status === 'queued' && call.twilioSid) await gateway.requeueCaller(call.twilioSid)
      },
      gaveUp: async (job, failure) => log.warn({ callId: job.callId, failure }, 'could not put the caller back in the queue'),
    },
    hold_caller: {
      async run({ call }) {
        if (call && ['on_hold', 'transferring', 'consulting'].includes(call.status)) await holdOrResume(call.id, true)
      },
      gaveUp: (job, failure) => calls.holdFailed(job.callId!, `Could not put the caller on hold: ${failure.message}`),
    },
    resume_caller: {
      async run({ call }) {
        if (call?.status === 'in_progress') await holdOrResume(call.id, false)
      },
      gaveUp: (job, failure) => calls.resumeFailed(job.callId!, `Could not take the caller off hold: ${failure.message}`),
    },
    hang_up: {
      /**
       * The call's own leg (an outbound call's: the first agent's). An outbound call's number is taken out too: if
       * the agent's leg ended before it joined the conference, nobody's leaving would end the conference and the
       * number would ring (or wait) on its own. After a transfer an outbound call's agent talks on a leg of their
       * own (agentCallSid), hung up as well.
       */
      async run({ call }) {
        if (call?.status !== 'ended') return
        if (call.twilioSid) await gateway.hangUp(call.twilioSid)
        const bridge = await calls.cards.bridge(call.id)
        if (bridge?.direction !== 'outbound') return
        if (bridge.agentCallSid) await gateway.hangUp(bridge.agentCallSid)
        const conferenceSid = bridge.conferenceSid ?? (await gateway.conferenceSid(call.id))
        if (conferenceSid) await gateway.removeFarEnd(conferenceSid)
      },
      gaveUp: (job, failure) => calls.endFailed(job.callId!, `Could not hang up: ${failure.message}. The line may still be open.`),
    },
    /** The agent's browser answered an outbound call and joins its conference: the number is added to it. */
    dial_far_end: {
      async run({ call }) {
        const bridge = call?.status === 'dialing' ? await calls.cards.bridge(call.id) : null
        if (bridge?.direction !== 'outbound') return
        await gateway.addFarEnd(call!.id, bridge.to, dialRingSeconds)
      },
      /** Twilio refused: the call ends failed, saying why, and the agent's leg (alone in the conference) is hung up. */
      gaveUp: (job, failure) => calls.dialFailed(job.callId!, `Could not dial the number: ${failure.message}`),
    },
    place_call: {
      /** Once Twilio has created the call nothing may throw (a retry would ring twice); a call ended meanwhile is hung up at once. */
      async run({ call }) {
        if (call?.status !== 'dialing' || call.twilioSid || !call.agentId) return
        const identity = agentIdentity(call.agentId)
        const sid = await gateway.ringAgentBrowser(call.id, identity, agentRingSeconds)
        try {
          if (await calls.agentLegPlaced(call.id, call.agentId, sid, identity)) await gateway.hangUp(sid)
        } catch (error) {
          log.error({ err: error, callId: call.id, callSid: sid }, 'placed an outbound call but could not record it')
        }
      },
      gaveUp: (job, failure) => calls.dialFailed(job.callId!, `Could not place the call: ${failure.message}`),
    },
  }
}
