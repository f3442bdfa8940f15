import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestApp, type TestApp } from '../../support/app.ts'
import { newCallSid, voiceParams } from '../../support/twilio.ts'
import { signTwilioRequest } from '../../../src/simulator/index.ts'

const publicUrl = 'https://calls.example.com'
let proxied: TestApp
let direct: TestApp
beforeAll(async () => {
  ;[proxied, direct] = await Promise.all([
    startTestApp({ env: { PUBLIC_URL: publicUrl, TRUST_PROXY: 'true' } }),
    startTestApp({ env: { PUBLIC_URL: publicUrl, TRUST_PROXY: 'false' } }),
  ])
})
afterAll(() => Promise.all([proxied.close(), direct.close()]))

/** A voice webhook as it reaches the app through a proxy: signed by Twilio over `signedOver`, with the proxy's headers. */
async function throughProxy(t: TestApp, signedOver: string, forwarded: Record<string, string>) {
  const sid = newCallSid()
  const params = voiceParams(t, sid)
  const response = await fetch(`${t.url}/twilio/voice`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': signTwilioRequest(t.app.telephony.authToken, `${signedOver}/twilio/voice`, params), ...forwarded },
    body: new URLSearchParams(params).toString(),
  })
  return { status: response.status, stored: await t.prisma.call.count({ where: { twilioSid: sid } }) }
}

describe('Twilio signatures behind a reverse proxy', () => {
  it('accepts a webhook signed over PUBLIC_URL when the proxy forwards an internal host and no X-Forwarded-Proto', async () => {
    expect(await throughProxy(proxied, publicUrl, { 'x-forwarded-host': 'app-2:3000' })).toEqual({ status: 200, stored: 1 })
    expect(await throughProxy(proxied, publicUrl, { 'x-forwarded-host': 'calls.example.com' })).toEqual({ status: 200, stored: 1 })
  })

  it('accepts a webhook signed over the forwarded URL when that is not PUBLIC_URL', async () => {
    const forwarded = { 'x-forwarded-proto': 'https', 'x-forwarded-host': 'voice.example.org' }
    expect(await throughProxy(proxied, 'https://voice.example.org', forwarded)).toEqual({ status: 200, stored: 1 })
  })

  it('refuses the forwarded URL without TRUST_PROXY, and a signature over any other URL', async () => {
    const forwarded = { 'x-forwarded-proto': 'https', 'x-forwarded-host': 'voice.example.org' }
    expect(await throughProxy(direct, 'https://voice.example.org', forwarded)).toEqual({ status: 403, stored: 0 })
    expect(await throughProxy(direct, publicUrl, forwarded)).toEqual({ status: 200, stored: 1 })
    expect(await throughProxy(proxied, 'https://elsewhere.example.net', forwarded)).toEqual({ status: 403, stored: 0 })
  })
})
