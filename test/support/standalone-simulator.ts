import formbody from '@fastify/formbody'
import websocket from '@fastify/websocket'
import Fastify, { type FastifyInstance } from 'fastify'
import { simulatorPlugin } from '../../src/simulator/index.ts'

const twilioAccount = {
  accountSid: 'AC7e577e577e577e577e577e577e577e57',
  authToken: 'standalone-auth-token',
  apiKeySid: 'SK7e577e577e577e577e577e577e577e57',
  apiKeySecret: 'standalone-api-key-secret',
  phoneNumber: '+15005550199',
}

export interface StandaloneSimulator {
  server: FastifyInstance
  url: string
  /** What the app's environment says to use this simulator as "real" Twilio. */
  env: Record<string, string>
  /** Where the simulated number sends its webhooks (the app under test). */
  pointAt(appUrl: string): void
  close(): Promise<void>
}

/** The simulator as its own server, as `npm run simulator` runs it: apps reach it only through TWILIO_* config. */
export async function startStandaloneSimulator(tuning: { timeScale?: number; webhookTimeoutMs?: number } = {}): Promise<StandaloneSimulator> {
  let appUrl = ''
  let url = ''
  const server = Fastify({ forceCloseConnections: true })
  await server.register(formbody)
  await server.register(websocket)
  await server.register(simulatorPlugin, {
    prefix: '/sim',
    ...twilioAccount,
    voiceUrl: () => `${appUrl}/twilio/voice`,
    statusCallbackUrl: () => `${appUrl}/twilio/status`,
    simulatorUrl: () => url,
    timeScale: 0.02,
    webhookTimeoutMs: 3000,
    ...tuning,
  })
  await server.listen({ host: '127.0.0.1', port: 0 })
  const address = server.server.address()
  url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/sim`
  return {
    server,
    url,
    env: {
      TWILIO_ACCOUNT_SID: twilioAccount.accountSid,
      TWILIO_AUTH_TOKEN: twilioAccount.authToken,
      TWILIO_API_KEY_SID: twilioAccount.apiKeySid,
      TWILIO_API_KEY_SECRET: twilioAccount.apiKeySecret,
      TWILIO_NUMBER: twilioAccount.phoneNumber,
      TWILIO_API_BASE_URL: url,
    },
    pointAt(next) {
      appUrl = next
    },
    close: () => server.close(),
  }
}
