import formbody from '@fastify/formbody'
import websocket from '@fastify/websocket'
import Fastify from 'fastify'
import { z } from 'zod'
import { SIMULATOR_DEFAULTS } from './options.ts'
import { simulatorPlugin } from './plugin.ts'

/** `npm run simulator`: the simulator alone, for an app running elsewhere. */
const env = z.object({
  SIMULATOR_HOST: z.string().default('127.0.0.1'),
  SIMULATOR_PORT: z.coerce.number().int().default(3100),
  SIMULATOR_VOICE_URL: z.url().default('http://127.0.0.1:3000/twilio/voice'),
  SIMULATOR_STATUS_CALLBACK_URL: z.url().optional(),
  TWILIO_ACCOUNT_SID: z.string().default(SIMULATOR_DEFAULTS.accountSid),
  TWILIO_AUTH_TOKEN: z.string().default(SIMULATOR_DEFAULTS.authToken),
  TWILIO_API_KEY_SID: z.string().default(SIMULATOR_DEFAULTS.apiKeySid),
  TWILIO_API_KEY_SECRET: z.string().default(SIMULATOR_DEFAULTS.apiKeySecret),
  TWILIO_PHONE_NUMBER: z.string().default(SIMULATOR_DEFAULTS.phoneNumber),
}).parse(process.env)

const app = Fastify({ logger: { level: 'info' } })
await app.register(formbody)
await app.register(websocket)
await app.register(simulatorPlugin, {
  prefix: '/sim',
  accountSid: env.TWILIO_ACCOUNT_SID,
  authToken: env.TWILIO_AUTH_TOKEN,
  apiKeySid: env.TWILIO_API_KEY_SID,
  apiKeySecret: env.TWILIO_API_KEY_SECRET,
  phoneNumber: env.TWILIO_PHONE_NUMBER,
  voiceUrl: () => env.SIMULATOR_VOICE_URL,
  simulatorUrl: () => `http://${env.SIMULATOR_HOST}:${env.SIMULATOR_PORT}/sim`,
  statusCallbackUrl: env.SIMULATOR_STATUS_CALLBACK_URL ? () => env.SIMULATOR_STATUS_CALLBACK_URL ?? '' : undefined,
  log: app.log,
})
await app.listen({ host: env.SIMULATOR_HOST, port: env.SIMULATOR_PORT })
app.log.info(`Caller console: http://${env.SIMULATOR_HOST}:${env.SIMULATOR_PORT}/sim/simulator (voice webhook ${env.SIMULATOR_VOICE_URL})`)

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => void app.close().then(() => process.exit(0)))
}
