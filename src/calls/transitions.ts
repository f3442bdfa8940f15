import type { FastifyInstance } from 'fastify'
import { transition, type Change } from './transition.ts'
import type { CallKey } from './transition-sql.ts'

/** Every way an inbound call changes, named. Each is one conditional update + timeline event. */

export function acceptCall(app: FastifyInstance, callId: number, agentId: number, version: number): Promise<Change | null> {
  return transition(app, callId, 'accepted', { from: ['offered'], version, agentId, data: { status: 'connecting' }, jobs: ['dial_agent'] })
}

export function declineCall(app: FastifyInstance, callId: number, agentId: number, version: number): Promise<Change | null> {
  return transition(app, callId, 'declined', { from: ['offered'], version, agentId, data: { status: 'queued', agentId: null } })
}

/** An agent who goes offline gives back the offer they were holding. */
export function withdrawOffer(app: FastifyInstance, callId: number, agentId: number): Promise<Change | null> {
  return transition(app, callId, 'withdrawn', { from: ['offered'], agentId, data: { status: 'queued', agentId: null } })
}

/** Nobody clicked Accept or Decline in time: the caller goes back to the queue and the agent is set away. */
export function offerTimedOut(app: FastifyInstance, callId: number, agentId: number, version: number): Promise<Change | null> {
  return transition(app, callId, 'offer_timed_out', {
    from: ['offered'],
    version,
    agentId,
    data: { status: 'queued', agentId: null },
    agentData: { presence: 'away' },
  })
}

export function endCall(app: FastifyInstance, callId: number, agentId: number, version: number): Promise<Change | null> {
  return transition(app, callId, 'ended', {
    from: ['connecting', 'in_progress'],
    version,
    agentId,
    data: { status: 'ended', endReason: 'completed', endedAt: new Date() },
    agentData: { lastCallEndedAt: new Date() },
    jobs: ['hang_up'],
  })
}

export function acceptFailed(app: FastifyInstance, callId: number, notice: string): Promise<Change | null> {
  return transition(app, callId, 'accept_failed', { from: ['connecting'], data: { status: 'offered' }, notice })
}

/** The hang-up never reached Twilio, so the line is still live: the card comes back to say so. */
export function endFailed(app: FastifyInstance, callId: number, notice: string): Promise<Change | null> {
  return transition(app, callId, 'end_failed', {
    from: ['ended'],
    data: { status: 'in_progress', endReason: null, endedAt: null },
    notice,
  })
}

/** The agent's browser answered; Twilio names the call by the caller's CallSid. */
export function connectCall(app: FastifyInstance, callId: CallKey): Promise<Change | null> {
  return transition(app, callId, 'connected', { from: ['connecting'], data: { status: 'in_progress', answeredAt: new Date() } })
}

/** The agent's browser did not pick up: the caller goes back to the queue and the agent is set away. */
export function agentMissed(app: FastifyInstance, callId: number, agentId: number, dialStatus: string): Promise<Change | null> {
  return transition(app, callId, 'agent_missed', {
    from: ['connecting'],
    agentId,
    data: { status: 'queued', agentId: null },
    agentData: { presence: 'away' },
    event: { dialStatus },
  })
}

/** The caller hung up: before an agent answered it is abandoned, after it is a completed call. */
export async function callerHungUp(app: FastifyInstance, callId: number, source: string): Promise<Change | null> {
  const before = await transition(app, callId, 'abandoned', {
    from: ['queued', 'offered', 'connecting'],
    data: { status: 'ended', endReason: 'abandoned', endedAt: new Date() },
    event: { source },
  })
  return before ?? lineEnded(app, callId, 'completed', source)
}

export function lineEnded(app: FastifyInstance, callId: number, reason: 'completed' | 'failed', source: string): Promise<Change | null> {
  return transition(app, callId, reason === 'failed' ? 'failed' : 'hung_up', {
    from: ['connecting', 'in_progress'],
    data: { status: 'ended', endReason: reason, endedAt: new Date() },
    agentData: { lastCallEndedAt: new Date() },
    event: { source },
  })
}
