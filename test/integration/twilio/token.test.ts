import { afterEach, describe, expect, it } from 'vitest'
import { startTestApp, type TestApp } from '../../support/app.ts'

let t: TestApp | undefined
afterEach(async () => {
  await t?.close()
  t = undefined
})

const realTwilio = {
  TWILIO_ACCOUNT_SID: `AC${'1'.repeat(32)}`,
  TWILIO_AUTH_TOKEN: 'auth-token',
  TWILIO_API_KEY_SID: `SK${'2'.repeat(32)}`,
  TWILIO_API_KEY_SECRET: 'api-key-secret',
  TWILIO_NUMBER: '+15550100001',
  PUBLIC_URL: 'https://calls.example.com',
}

async function tokenClaims(app: TestApp): Promise<{ iss: string; sub: string; grants: Record<string, unknown> }> {
  const browser = await app.loggedIn('alice')
  const response = await browser.get('/voice/token')
  expect(response.status).toBe(200)
  const { token } = (await response.json()) as { token: string }
  const payload = token.split('.')[1] ?? ''
  return JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'))
}

describe('GET /voice/token', () => {
  it('grants incoming calls only: the browser can be rung but cannot place a call', async () => {
    t = await startTestApp()
    const claims = await tokenClaims(t)
    expect(claims.grants).toEqual({ identity: `agent-${t.agents.alice.id}`, voice: { incoming: { allow: true } } })
    expect(JSON.stringify(claims)).not.toContain('outgoing')
  })

  it('does the same with real Twilio credentials, without a TwiML App', async () => {
    t = await startTestApp({ env: realTwilio })
    const claims = await tokenClaims(t)
    expect(claims).toMatchObject({ iss: realTwilio.TWILIO_API_KEY_SID, sub: realTwilio.TWILIO_ACCOUNT_SID })
    expect(claims.grants).toEqual({ identity: `agent-${t.agents.alice.id}`, voice: { incoming: { allow: true } } })
  })
})
