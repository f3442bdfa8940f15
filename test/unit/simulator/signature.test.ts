import twilio from 'twilio'
import { describe, expect, it } from 'vitest'
import { signTwilioRequest } from '../../../src/simulator/index.ts'

const vector = {
  token: '12345',
  url: 'https://mycompany.com/myapp.php?foo=1&bar=2',
  params: { CallSid: 'CA1234567890ABCDE', Caller: '+14158675309', Digits: '1234', From: '+14158675309', To: '+18005551212' },
}

describe('signTwilioRequest', () => {
  it("reproduces Twilio's documented test vector", () => {
    expect(signTwilioRequest(vector.token, vector.url, vector.params)).toBe('RSOYDt4T1cUTdK1PDd93/VVr8B8=')
  })

  it('is accepted by twilio.validateRequest, and a changed parameter is not', () => {
    const signature = signTwilioRequest('secret', 'http://127.0.0.1:3000/twilio/voice', { From: '+1555', CallSid: 'CA1' })
    expect(twilio.validateRequest('secret', signature, 'http://127.0.0.1:3000/twilio/voice', { From: '+1555', CallSid: 'CA1' })).toBe(true)
    expect(twilio.validateRequest('secret', signature, 'http://127.0.0.1:3000/twilio/voice', { From: '+1556', CallSid: 'CA1' })).toBe(false)
  })

  it('signs repeated keys the way twilio-node validates them', () => {
    const params = { StatusCallbackEvent: ['ringing', 'answered'], To: 'client:a' }
    const signature = signTwilioRequest('secret', 'https://x.test/cb', params)
    expect(twilio.validateRequest('secret', signature, 'https://x.test/cb', params)).toBe(true)
  })
})
