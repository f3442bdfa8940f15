export type CallStatus =
  | 'queued' | 'initiated' | 'ringing' | 'in-progress'
  | 'completed' | 'busy' | 'failed' | 'no-answer' | 'canceled'

export type Direction = 'inbound' | 'outbound-api' | 'outbound-dial'

const TERMINAL: ReadonlySet<CallStatus> = new Set(['completed', 'busy', 'failed', 'no-answer', 'canceled'])

export function isTerminal(status: CallStatus): boolean {
  return TERMINAL.has(status)
}

/** The REST resource has no `initiated`; Twilio shows such calls as `queued`. */
export function restStatus(status: CallStatus): CallStatus {
  return status === 'initiated' ? 'queued' : status
}
