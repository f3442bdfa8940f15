import fp from 'fastify-plugin'
import twilio from 'twilio'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { TwilioCredentials } from '../config.ts'
import { createSimulatorClient, simulatorPlugin, type SimulatorOptions } from '../simulator/index.ts'
import type { PrismaClient } from '../db/client.ts'
import { persistedSimulatorCredentials } from '../simulator/credentials.ts'

type TwilioClient = ReturnType<typeof twilio>

export interface Telephony extends TwilioCredentials {
  mode: 'simulator' | 'twilio'
  rest: TwilioClient
  /** Where the page loads `Twilio.Device` from: the real SDK or the simulator's stand-in. */
  deviceScript: string
  /** Where Twilio's REST API answers (recording media is fetched from there). */
  apiBase(): string
}

export const simulatorPrefix = '/sim'

export type SimulatorTuning = Partial<Pick<SimulatorOptions, 'timeScale' | 'ringTimeoutDefaultSec' | 'webhookTimeoutMs'>>

/** Who may use the simulator's caller console: sessions are the agents' business, so the app hands this in. */
export interface ConsoleAccess {
  guard(options: { prefix: string; prisma: PrismaClient; account: { accountSid: string; authToken: string } }): (request: FastifyRequest, reply: FastifyReply) => Promise<unknown>
  csrfToken(request: FastifyRequest): string | undefined
}

export interface TelephonyOptions {
  tuning: SimulatorTuning
  console: ConsoleAccess
}

/**
 * Real Twilio when credentials are configured; otherwise the built-in simulator, mounted under /sim,
 * with its account kept in DATA_DIR and its caller console for admins only.
 */
export const telephony = fp(
  async (app: FastifyInstance, { tuning, console: access }: TelephonyOptions) => {
    const real = app.config.twilio
    if (real) {
      const apiBase = app.config.twilioApiBaseUrl ?? 'https://api.twilio.com'
      app.decorate('telephony', { ...real, mode: 'twilio', rest: realClient(real, app.config.twilioApiBaseUrl), deviceScript: '/assets/twilio.js', apiBase: () => apiBase })
      return
    }
    const credentials = await persistedSimulatorCredentials(app.config.dataDir)
    app.addHook('onRequest', access.guard({ prefix: simulatorPrefix, prisma: app.prisma, account: credentials }))
    await app.register(simulatorPlugin, {
      prefix: simulatorPrefix,
      accountSid: credentials.accountSid,
      authToken: credentials.authToken,
      apiKeySid: credentials.apiKeySid,
      apiKeySecret: credentials.apiKeySecret,
      phoneNumber: credentials.number,
      voiceUrl: () => `${app.publicUrl()}/twilio/voice`,
      statusCallbackUrl: () => `${app.publicUrl()}/twilio/status`,
      consoleCsrfToken: access.csrfToken,
      log: app.log,
      ...tuning,
    })
    app.get('/simulator', async (_request, reply) => reply.redirect(`${simulatorPrefix}/simulator`, 303))
    const rest = createSimulatorClient(() => `${localUrl(app)}${simulatorPrefix}`, credentials.accountSid, credentials.authToken)
    app.decorate('telephony', { ...credentials, mode: 'simulator', rest, deviceScript: `${simulatorPrefix}/device.js`, apiBase: () => `${localUrl(app)}${simulatorPrefix}` })
  },
  { name: 'telephony', dependencies: ['database'] },
)

/** TWILIO_API_BASE_URL sends REST to a Twilio-compatible endpoint, such as a standalone `npm run simulator`. */
function realClient(credentials: TwilioCredentials, baseUrl: string | undefined): TwilioClient {
  if (baseUrl) return createSimulatorClient(baseUrl, credentials.accountSid, credentials.authToken)
  return twilio(credentials.accountSid, credentials.authToken)
}

/** The app talks to its own simulator over loopback, whatever PUBLIC_URL says. */
function localUrl(app: FastifyInstance): string {
  const address = app.server.address()
  const port = typeof address === 'object' && address ? address.port : app.config.port
  return `http://127.0.0.1:${port}`
}
