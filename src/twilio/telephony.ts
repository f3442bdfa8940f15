import { randomBytes } from 'node:crypto'
import fp from 'fastify-plugin'
import twilio from 'twilio'
import type { FastifyInstance } from 'fastify'
import type { TwilioCredentials } from '../config.ts'
import { createSimulatorClient, simulatorPlugin, type SimulatorOptions } from '../simulator/index.ts'

type TwilioClient = ReturnType<typeof twilio>

export interface Telephony extends TwilioCredentials {
  mode: 'simulator' | 'twilio'
  rest: TwilioClient
  /** Where the page loads `Twilio.Device` from: the real SDK or the simulator's stand-in. */
  deviceScript: string
}

export const simulatorPrefix = '/sim'

/** Real Twilio when credentials are configured; otherwise the built-in simulator, mounted under /sim. */
export type SimulatorTuning = Partial<Pick<SimulatorOptions, 'timeScale' | 'ringTimeoutDefaultSec' | 'webhookTimeoutMs'>>

export const telephony = fp(
  async (app: FastifyInstance, tuning: SimulatorTuning) => {
    const real = app.config.twilio
    if (real) {
      app.decorate('telephony', { ...real, mode: 'twilio', rest: realClient(real, app.config.twilioApiBaseUrl), deviceScript: '/assets/twilio.js' })
      return
    }
    const credentials = simulatedCredentials()
    await app.register(simulatorPlugin, {
      prefix: simulatorPrefix,
      accountSid: credentials.accountSid,
      authToken: credentials.authToken,
      apiKeySid: credentials.apiKeySid,
      apiKeySecret: credentials.apiKeySecret,
      phoneNumber: credentials.number,
      voiceUrl: () => `${app.publicUrl()}/twilio/voice`,
      statusCallbackUrl: () => `${app.publicUrl()}/twilio/status`,
      log: app.log,
      ...tuning,
    })
    app.get('/simulator', async (_request, reply) => reply.redirect(`${simulatorPrefix}/simulator`, 303))
    const rest = createSimulatorClient(() => `${localUrl(app)}${simulatorPrefix}`, credentials.accountSid, credentials.authToken)
    app.decorate('telephony', { ...credentials, mode: 'simulator', rest, deviceScript: `${simulatorPrefix}/device.js` })
  },
  { name: 'telephony' },
)

/** TWILIO_API_BASE_URL sends REST to a Twilio-compatible endpoint, such as a standalone `npm run simulator`. */
function realClient(credentials: TwilioCredentials, baseUrl: string | undefined): TwilioClient {
  if (baseUrl) return createSimulatorClient(baseUrl, credentials.accountSid, credentials.authToken)
  return twilio(credentials.accountSid, credentials.authToken)
}

function simulatedCredentials(): TwilioCredentials {
  const hex = () => randomBytes(16).toString('hex')
  return {
    accountSid: `AC${hex()}`,
    authToken: hex(),
    apiKeySid: `SK${hex()}`,
    apiKeySecret: hex(),
    twimlAppSid: `AP${hex()}`,
    number: '+15550100000',
  }
}

/** The app talks to its own simulator over loopback, whatever PUBLIC_URL says. */
function localUrl(app: FastifyInstance): string {
  const address = app.server.address()
  const port = typeof address === 'object' && address ? address.port : app.config.port
  return `http://127.0.0.1:${port}`
}
