import { randomBytes } from 'node:crypto'
import { signTwilioRequest } from '../../src/simulator/index.ts'
import type { TestApp } from './app.ts'

export const newCallSid = () => `CA${randomBytes(16).toString('hex')}`

/** POSTs a webhook the way Twilio does: form-encoded, signed over the public URL with the auth token. */
export async function postWebhook(t: TestApp, path: string, params: Record<string, string>, signature?: string) {
  const url = `${t.url}${path}`
  return fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      'x-twilio-signature': signature ?? signTwilioRequest(t.app.telephony.authToken, url, params),
    },
    body: new URLSearchParams(params).toString(),
  })
}

export function voiceParams(t: TestApp, callSid: string, from = '+15557770001'): Record<string, string> {
  return {
    CallSid: callSid,
    AccountSid: t.app.telephony.accountSid,
    From: from,
    To: t.app.telephony.number,
    Caller: from,
    Called: t.app.telephony.number,
    CallStatus: 'ringing',
    Direction: 'inbound',
    ApiVersion: '2010-04-01',
  }
}
