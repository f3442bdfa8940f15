import type { CallStatus, Presence } from '../db/client.ts'
import type { CallCard } from './transition.ts'

/** What the card says when a click changed nothing. */
export function whyNot(call: CallCard, agentId: number, action: 'accept' | 'decline' | 'end'): string {
  if (call.agentId !== agentId) return call.status === 'ended' ? 'This call is over.' : 'Another agent has this call.'
  if (call.status === 'ended') return `This call has already ended (${(call.endReason ?? 'ended').replace('_', ' ')}).`
  if (action === 'accept' && ['connecting', 'in_progress'].includes(call.status)) return 'You already accepted this call.'
  if (action !== 'end' && call.status !== 'offered') return 'This call is no longer offered to you.'
  return 'This card was out of date; here is the call as it is now.'
}

/** Why an agent may not dial out now; null when they may. */
export function whyCannotDial(presence: Presence, busyWith: CallStatus | undefined): string | null {
  if (busyWith === 'offered') return 'A call is waiting for your answer: accept or decline it first.'
  if (busyWith) return 'You are already on a call: end it before dialing another.'
  if (presence !== 'online') return 'Go online first: your browser’s phone connects when you do.'
  return null
}
