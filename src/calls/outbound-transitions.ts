import type { FastifyInstance } from 'fastify'
import type { CallStatus } from '../db/client.ts'
import { transition, type Change, type TransitionName, type TransitionSpec } from './transition.ts'

/** Every way an outbound call changes after it is placed, named. Twilio's reports only move it forward. */

export type Ending = 'completed' | 'busy' | 'no_answer' | 'failed' | 'canceled' | 'missed'

const endingNames: Record<Ending, TransitionName> = {
  completed: 'hung_up',
  busy: 'busy',
  no_answer: 'no_answer',
  failed: 'failed',
  canceled: 'canceled',
  missed: 'agent_missed',
}

/** How Twilio says a dialled leg ended (DialCallStatus, or the leg's own CallStatus), in our words. */
export function endingOf(status: string): Ending | null {
  if (status === 'completed' || status === 'answered') return 'completed'
  if (status === 'no-answer') return 'no_answer'
  if (status === 'busy' || status === 'failed' || status === 'canceled') return status
  return null
}

export function farEndRinging(app: FastifyInstance, callId: number): Promise<Change | null> {
  return transition(app, callId, 'ringing', { from: ['dialing'], data: { status: 'ringing' } })
}

export function farEndAnswered(app: FastifyInstance, callId: number): Promise<Change | null> {
  return transition(app, callId, 'connected', { from: ['dialing', 'ringing'], data: { status: 'in_progress', answeredAt: new Date() } })
}

/** The dialled number's leg is over. Dial's action and the leg's status callback both say so; the first wins. */
export function farEndEnded(app: FastifyInstance, callId: number, ending: Ending, source: string): Promise<Change | null> {
  const from: CallStatus[] = ending === 'completed' ? ['dialing', 'ringing', 'in_progress'] : ['dialing', 'ringing']
  return endOutbound(app, callId, ending, { from, event: { source } })
}

/** The agent's own leg ended: what that means depends on how far the call had got. */
export async function agentLegEnded(app: FastifyInstance, callId: number, legStatus: string): Promise<Change | null> {
  const event = { source: 'agent-status', dialStatus: legStatus }
  if (legStatus === 'no-answer' || legStatus === 'busy') return endOutbound(app, callId, 'missed', { from: ['dialing'], event })
  if (legStatus === 'failed') {
    const failed = await endOutbound(app, callId, 'failed', { from: ['dialing'], event, notice: 'Your browser’s phone could not be reached.' })
    if (failed) return failed
  }
  return (await endOutbound(app, callId, 'completed', { from: ['in_progress'], event })) ?? endOutbound(app, callId, 'canceled', { from: ['dialing', 'ringing'], event })
}

/** **End** before the number answered: the agent's leg is hung up, which cancels the ringing. */
export function cancelDial(app: FastifyInstance, callId: number, agentId: number, version: number): Promise<Change | null> {
  return endOutbound(app, callId, 'canceled', { from: ['dialing', 'ringing'], version, agentId, jobs: ['hang_up'] })
}

/** Twilio refused to place the call; nothing rings anywhere. */
export function dialFailed(app: FastifyInstance, callId: number, notice: string): Promise<Change | null> {
  return endOutbound(app, callId, 'failed', { from: ['dialing'], notice })
}

function endOutbound(app: FastifyInstance, callId: number, ending: Ending, spec: Omit<TransitionSpec, 'data'>): Promise<Change | null> {
  return transition(app, callId, endingNames[ending], {
    ...spec,
    data: { status: 'ended', endReason: ending, endedAt: new Date() },
    agentData: { lastCallEndedAt: new Date() },
  })
}
