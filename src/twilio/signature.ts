import twilio from 'twilio'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'

/** The URL Twilio signed: PUBLIC_URL, or what the proxy says when TRUST_PROXY is set. */
export function signedUrl(app: FastifyInstance, request: FastifyRequest): string {
  const forwarded = app.config.trustProxy && request.headers['x-forwarded-host']
  const base = forwarded ? `${request.protocol}://${request.host}` : app.publicUrl()
  return `${base}${request.url}`
}

/** preHandler for every Twilio webhook: 403 before anything is read or written when the signature is wrong. */
export function verifyTwilioSignature(app: FastifyInstance) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const signature = request.headers['x-twilio-signature']
    const params = (request.body ?? {}) as Record<string, string>
    const valid =
      typeof signature === 'string' &&
      twilio.validateRequest(app.telephony.authToken, signature, signedUrl(app, request), params)
    if (!valid) {
      request.log.warn({ url: request.url }, 'rejected a Twilio webhook with a bad signature')
      return reply.code(403).type('text/plain').send('Invalid X-Twilio-Signature')
    }
  }
}
