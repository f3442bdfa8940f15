import twilio from 'twilio'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'

/**
 * The URLs Twilio may have signed, in the order they are tried: PUBLIC_URL (the address Twilio was given),
 * then, with TRUST_PROXY, the URL the proxy describes (X-Forwarded-Proto/-Host). PUBLIC_URL comes first so
 * a proxy that omits X-Forwarded-Proto or forwards an internal host cannot turn every webhook into a 403.
 * https://www.twilio.com/docs/usage/security#validating-requests
 */
export function signedUrls(app: FastifyInstance, request: FastifyRequest): string[] {
  const urls = [`${app.publicUrl()}${request.url}`]
  if (app.config.trustProxy) urls.push(`${request.protocol}://${request.host}${request.url}`)
  return [...new Set(urls)]
}

/** preHandler for every Twilio webhook: 403 before anything is read or written when the signature is wrong. */
export function verifyTwilioSignature(app: FastifyInstance) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const signature = request.headers['x-twilio-signature']
    const params = (request.body ?? {}) as Record<string, string>
    const valid =
      typeof signature === 'string' &&
      signedUrls(app, request).some((url) => twilio.validateRequest(app.telephony.authToken, signature, url, params))
    if (!valid) {
      request.log.warn({ url: request.url }, 'rejected a Twilio webhook with a bad signature')
      return reply.code(403).type('text/plain').send('Invalid X-Twilio-Signature')
    }
  }
}
