import twilio from 'twilio'
import type { TwilioCredentials } from '../config.ts'

const { AccessToken } = twilio.jwt
export const voiceTokenTtlSeconds = 60 * 60

/** An access token that lets one browser Device receive calls and nothing else. */
export function voiceToken(credentials: Pick<TwilioCredentials, 'accountSid' | 'apiKeySid' | 'apiKeySecret'>, identity: string): string {
  const { accountSid, apiKeySid, apiKeySecret } = credentials
  const token = new AccessToken(accountSid, apiKeySid, apiKeySecret, { identity, ttl: voiceTokenTtlSeconds })
  // No outgoing grant: the browser never places calls, and with one it could `connect()` and enqueue itself.
  token.addGrant(new AccessToken.VoiceGrant({ incomingAllow: true }))
  return token.toJwt()
}
