import formbody from '@fastify/formbody'
import websocket from '@fastify/websocket'
import Fastify from 'fastify'
import type { FastifyInstance, FastifyRequest } from 'fastify'
import twilio from 'twilio'
import type { SimEvent, SimulatorOptions } from '../../../src/simulator/index.ts'
import type { SimulatorDeviceOptions } from '../../../src/simulator/device-client.ts'
import { createSimulatorClient, SimulatorDevice, simulatorPlugin } from '../../../src/simulator/index.ts'

export const credentials = {
  accountSid: 'AC0123456789abcdef0123456789abcdef',
  authToken: 'test-auth-token',
  apiKeySid: 'SK0123456789abcdef0123456789abcdef',
  apiKeySecret: 'test-api-key-secret',
  phoneNumber: '+15005550006',
}

export interface HookRequest {
  path: string
  url: string
  method: string
  params: Record<string, string>
  signature: string
}

type Reply = string | { status?: number; type?: string; body?: string; delayMs?: number }
type Responder = (req: HookRequest) => Reply

/** A tiny stand-in app: TwiML endpoints under /hooks/* that tests script, plus the simulator under /sim. */
export async function startHarness(overrides: Partial<SimulatorOptions> = {}) {
  const app: FastifyInstance = Fastify({ forceCloseConnections: true })
  const responders = new Map<string, Responder>()
  const requests: HookRequest[] = []
  let base = ''
  await app.register(formbody)
  await app.register(websocket)
  app.all('/hooks/*', async (request, reply) => {
    const hook = record(request, base)
    requests.push(hook)
    const answer = responders.get(hook.path)?.(hook) ?? '<Response/>'
    const spec = typeof answer === 'string' ? { body: answer } : answer
    if (spec.delayMs) await new Promise((r) => setTimeout(r, spec.delayMs))
    return reply.code(spec.status ?? 200).type(spec.type ?? 'text/xml').send(spec.body ?? '<Response/>')
  })
  await app.register(simulatorPlugin, {
    prefix: '/sim',
    ...credentials,
    voiceUrl: () => `${base}/hooks/voice`,
    webhookTimeoutMs: 1000,
    ringTimeoutDefaultSec: 1,
    timeScale: 0.01,
    ...overrides,
  })
  await app.listen({ host: '127.0.0.1', port: 0 })
  const address = app.server.address()
  base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`
  const devices: SimulatorDevice[] = []
  return {
    app,
    sim: app.simulator,
    base,
    requests,
    client: createSimulatorClient(`${base}/sim`, credentials.accountSid, credentials.authToken),
    /** Scripts the answer of /hooks/<name>. */
    on(name: string, responder: Reply | Responder): void {
      responders.set(`/hooks/${name}`, typeof responder === 'function' ? responder : () => responder)
    },
    requestsTo(name: string): HookRequest[] {
      return requests.filter((r) => r.path === `/hooks/${name}`)
    },
    async waitForRequest(name: string, predicate: (r: HookRequest) => boolean = () => true, timeoutMs = 3000): Promise<HookRequest> {
      const deadline = Date.now() + timeoutMs
      for (;;) {
        const found = requests.find((r) => r.path === `/hooks/${name}` && predicate(r))
        if (found) return found
        if (Date.now() > deadline) throw new Error(`no request to /hooks/${name} matched within ${timeoutMs} ms`)
        await new Promise((r) => setTimeout(r, 10))
      }
    },
    /**
     * Runs `act` synchronously at the next matching simulator event, so a simulated caller reacts at once
     * (short simulated timeouts leave a test no time to react after awaiting the event).
     */
    when(predicate: (e: SimEvent) => boolean, act: (e: SimEvent) => void): void {
      const off = app.simulator.events.on((event) => {
        if (!predicate(event)) return
        off()
        act(event)
      })
    },
    async device(identity: string, options: Omit<SimulatorDeviceOptions, 'simulatorUrl'> & { ttl?: number } = {}): Promise<SimulatorDevice> {
      const { ttl = 3600, ...deviceOptions } = options
      const device = new SimulatorDevice(accessToken(identity, ttl), { ...deviceOptions, simulatorUrl: `${base}/sim` })
      devices.push(device)
      await device.register()
      return device
    },
    async close(): Promise<void> {
      devices.forEach((d) => d.destroy())
      await app.close()
    },
  }
}

export type Harness = Awaited<ReturnType<typeof startHarness>>

export function accessToken(identity: string, ttl = 3600, secret = credentials.apiKeySecret): string {
  const token = new twilio.jwt.AccessToken(credentials.accountSid, credentials.apiKeySid, secret, { identity, ttl })
  token.addGrant(new twilio.jwt.AccessToken.VoiceGrant({ incomingAllow: true }))
  return token.toJwt()
}

function record(request: FastifyRequest, base: string): HookRequest {
  const body = (request.method === 'POST' ? request.body : request.query) as Record<string, string> | undefined
  return {
    path: request.url.split('?')[0] ?? '',
    url: `${base}${request.url}`,
    method: request.method,
    params: { ...(body ?? {}) },
    signature: String(request.headers['x-twilio-signature'] ?? ''),
  }
}

export const twiml = (inner: string): string => `<?xml version="1.0" encoding="UTF-8"?><Response>${inner}</Response>`
