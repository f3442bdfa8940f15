import type { FastifyBaseLogger } from 'fastify'
import type { Calls } from './calls.ts'

/**
 * After a restart (or an outage of every instance) the database may think calls are live that Twilio
 * ended meanwhile: a caller who hung up while nobody listened would wait "queued" for ever. Twilio's REST
 * state of each unfinished call is fed to the same commands its status callback would have reached; a call
 * Twilio no longer knows is over. A lookup that fails leaves the call as it is.
 */
export async function reconcileWithTwilio(calls: Calls, lookUp: (callSid: string) => Promise<string | null>, log: FastifyBaseLogger): Promise<number> {
  let ended = 0
  for (const call of await calls.cards.unfinished()) {
    // After a transfer an outbound call's agent talks on a leg of their own: that leg says whether the call is over.
    const leg = call.direction === 'inbound' ? call.twilioSid : ((await calls.cards.bridge(call.id))?.agentCallSid ?? call.twilioSid)
    const status = await lookUp(leg).then(
      (found) => found ?? 'completed',
      (error: unknown) => void log.warn({ err: error, callId: call.id }, 'could not ask Twilio about a call'),
    )
    if (!status || ['queued', 'initiated', 'ringing', 'in-progress'].includes(status)) continue
    if (call.direction === 'inbound') await calls.twilio.callStatus(call.twilioSid, status, undefined, undefined)
    else await calls.twilio.agentLegStatus(call.id, status, leg)
    ended++
  }
  if (ended > 0) log.info({ ended }, 'ended calls that Twilio had ended while the app was away')
  return ended
}
