import type { Call } from './call.ts'

/** The parameters Twilio sends with every voice request about a call (https://www.twilio.com/docs/voice/twiml#request-parameters). */
export function callParams(call: Call): Record<string, string> {
  const params: Record<string, string> = {
    CallSid: call.sid,
    AccountSid: call.accountSid,
    From: call.from,
    To: call.to,
    Caller: call.from,
    Called: call.to,
    CallStatus: call.status,
    ApiVersion: '2010-04-01',
    Direction: call.direction,
    ...geoParams('From', call.from),
    ...geoParams('Caller', call.from),
    ...geoParams('To', call.to),
    ...geoParams('Called', call.to),
  }
  if (call.callerName) params.CallerName = call.callerName
  if (call.parentCallSid) params.ParentCallSid = call.parentCallSid
  return params
}

function geoParams(prefix: string, address: string): Record<string, string> {
  if (!address.startsWith('+')) return {}
  return {
    [`${prefix}City`]: '',
    [`${prefix}State`]: '',
    [`${prefix}Zip`]: '',
    [`${prefix}Country`]: address.startsWith('+1') ? 'US' : '',
  }
}
