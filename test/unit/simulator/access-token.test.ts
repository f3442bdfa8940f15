import twilio from 'twilio'
import { describe, expect, it } from 'vitest'
import { verifyAccessToken } from '../../../src/simulator/access-token.ts'

const keys = { accountSid: 'AC' + 'a'.repeat(32), apiKeySid: 'SK' + 'b'.repeat(32), apiKeySecret: 'secret' }

function token(opts: { identity?: string; ttl?: number; secret?: string; apiKeySid?: string; accountSid?: string; incoming?: boolean } = {}): string {
  const jwt = new twilio.jwt.AccessToken(opts.accountSid ?? keys.accountSid, opts.apiKeySid ?? keys.apiKeySid, opts.secret ?? keys.apiKeySecret, {
    identity: opts.identity ?? 'agent-7',
    ttl: opts.ttl ?? 3600,
  })
  jwt.addGrant(new twilio.jwt.AccessToken.VoiceGrant({ incomingAllow: opts.incoming ?? true }))
  return jwt.toJwt()
}

describe('verifyAccessToken', () => {
  it('accepts a VoiceGrant token from the twilio package and reads its identity', () => {
    expect(verifyAccessToken(token(), keys)).toMatchObject({ ok: true, identity: 'agent-7' })
  })

  it.each([
    ['signed with another secret', { secret: 'other' }],
    ['issued by another API key', { apiKeySid: 'SK' + 'c'.repeat(32) }],
    ['for another account', { accountSid: 'AC' + 'd'.repeat(32) }],
    ['without incoming calls allowed', { incoming: false }],
  ])('rejects a token %s with 20101', (_name, opts) => {
    expect(verifyAccessToken(token(opts), keys)).toMatchObject({ ok: false, code: 20101 })
  })

  it('rejects an expired token with 20104', () => {
    expect(verifyAccessToken(token({ ttl: 60 }), keys, Date.now() + 61_000)).toMatchObject({ ok: false, code: 20104 })
  })

  it('rejects garbage', () => {
    expect(verifyAccessToken('not-a-token', keys)).toMatchObject({ ok: false, code: 20101 })
  })
})
