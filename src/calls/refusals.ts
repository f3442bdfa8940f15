import type { CallCard } from './transition.ts'

/** What the card says when a click changed nothing. */
export function whyNot(call: CallCard, agentId: number, action: 'accept' | 'decline' | 'end'): string {
  if (call.agentId !== agentId) return call.status === 'ended' ? 'This call is over.' : 'Another agent has this call.'
  if (call.status === 'ended') return `This call has already ended (${(call.endReason ?? 'ended').replace('_', ' ')}).`
  if (action === 'accept' && ['connecting', 'in_progress'].includes(call.status)) return 'You already accepted this call.'
  if (action !== 'end' && call.status !== 'offered') return 'This call is no longer offered to you.'
  return 'This card was out of date; here is the call as it is now.'
}
