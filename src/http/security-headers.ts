import fp from 'fastify-plugin'
import helmet from '@fastify/helmet'
import type { FastifyInstance } from 'fastify'

/**
 * What the real Voice SDK reaches besides us (twilio mode only): its signalling socket
 * `wss://voice-js.<edge>.twilio.com/signal`, call-quality events at `https://eventgw.twilio.com`,
 * and its ringtones at `https://sdk.twilio.com/js/client/sounds/…`, fetched or played as <audio>
 * (constants in @twilio/voice-sdk's dist; hosts: https://www.twilio.com/docs/voice/sdks/network-connectivity-requirements).
 * Media itself is WebRTC, which CSP does not govern; `blob:` covers the SDK's fallback for remote audio.
 */
const twilioConnect = 'wss://*.twilio.com https://*.twilio.com'
const twilioMedia = 'https://sdk.twilio.com blob:'

/**
 * Helmet's headers on every answer: a CSP without inline script or style (the pages load only our
 * files), no framing, nosniff, a same-origin Referer (form posts keep their Origin header), HSTS when
 * PUBLIC_URL is https.
 */
export const securityHeaders = fp(
  async (app) => {
    const https = app.config.publicUrl?.startsWith('https://') ?? false
    await app.register(helmet, {
      contentSecurityPolicy: { useDefaults: false, directives: directives(app, https) },
      frameguard: { action: 'deny' },
      referrerPolicy: { policy: 'same-origin' },
      strictTransportSecurity: https ? { maxAge: 180 * 24 * 60 * 60 } : false,
    })
  },
  { name: 'security-headers' },
)

function directives(app: FastifyInstance, https: boolean) {
  const inTwilioMode = (sources: string) => () => (app.telephony?.mode === 'twilio' ? sources : '')
  return {
    defaultSrc: ["'self'"],
    scriptSrc: ["'self'"],
    scriptSrcAttr: ["'none'"],
    styleSrc: ["'self'"],
    imgSrc: ["'self'", 'data:'],
    fontSrc: ["'self'"],
    // 'self' covers ws(s) to our own host in CSP 3; the explicit origin is for browsers that predate it.
    connectSrc: ["'self'", () => socketOrigin(app), inTwilioMode(twilioConnect)],
    mediaSrc: ["'self'", inTwilioMode(twilioMedia)],
    objectSrc: ["'none'"],
    baseUri: ["'self'"],
    formAction: ["'self'"],
    frameAncestors: ["'none'"],
    ...(https ? { upgradeInsecureRequests: [] } : {}),
  }
}

/** The websocket origin of the address browsers use: the panel's /live and the simulator's Device socket. */
function socketOrigin(app: FastifyInstance): string {
  const { protocol, host } = new URL(app.publicUrl())
  return `${protocol === 'https:' ? 'wss' : 'ws'}://${host}`
}
