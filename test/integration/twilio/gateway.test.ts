import Fastify, { type FastifyInstance } from 'fastify'
import formbody from '@fastify/formbody'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { restFailure, TwilioGateway } from '../../../src/twilio/gateway.ts'
import { createSimulatorClient } from '../../../src/simulator/index.ts'
import { startStandaloneSimulator, type StandaloneSimulator } from '../../support/standalone-simulator.ts'

let sim: StandaloneSimulator
let webhook: FastifyInstance
let answer: (twiml: string) => void = () => {}
let asked: () => void = () => {}
/** Resolves when the next voice webhook has arrived (and waits for `answer`). */
const webhookArrives = () => new Promise<void>((resolve) => (asked = resolve))

/** A voice webhook that answers only when the test says so: until then Twilio's call rings. */
beforeAll(async () => {
  sim = await startStandaloneSimulator()
  webhook = Fastify()
  await webhook.register(formbody)
  webhook.post('/twilio/voice', (_request, reply) => {
    answer = (twiml) => void reply.type('text/xml').send(twiml)
    asked()
  })
  await webhook.listen({ host: '127.0.0.1', port: 0 })
  const address = webhook.server.address()
  sim.pointAt(`http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`)
})
afterAll(async () => {
  await sim.close()
  await webhook.close()
})

const gateway = () =>
  new TwilioGateway({ rest: createSimulatorClient(sim.url, sim.env.TWILIO_ACCOUNT_SID!, sim.env.TWILIO_AUTH_TOKEN!), number: sim.env.TWILIO_NUMBER! }, () => 'http://127.0.0.1:9')

describe('TwilioGateway.dialAgent', () => {
  it('fails for now, not for good, while the caller’s call still rings, and dials once it runs our TwiML', async () => {
    const simulator = sim.server.simulator
    const arrived = webhookArrives()
    const { sid } = await simulator.placeInboundCall({ from: '+15554440001' })
    await arrived
    expect(simulator.getCall(sid)?.status).toBe('ringing')

    const early = await gateway().dialAgent(sid, 'agent-1', 20).then(() => null, (error: unknown) => error)
    expect(restFailure(early)).toMatchObject({ permanent: false, message: expect.stringContaining('not started yet') })

    answer('<Response><Enqueue>support</Enqueue></Response>')
    await simulator.waitFor((e) => e.type === 'call.status' && e.callSid === sid && e.status === 'in-progress')
    await gateway().dialAgent(sid, 'agent-1', 20)
    await simulator.waitFor((e) => e.type === 'dial' && e.callSid === sid && e.to === 'client:agent-1')
    simulator.hangUp(sid)
  })

  it('fails for good when the caller has hung up', async () => {
    const simulator = sim.server.simulator
    const arrived = webhookArrives()
    const { sid } = await simulator.placeInboundCall({ from: '+15554440002' })
    await arrived
    simulator.hangUp(sid)
    answer('<Response><Hangup/></Response>')
    const late = await gateway().dialAgent(sid, 'agent-1', 20).then(() => null, (error: unknown) => error)
    expect(restFailure(late)).toMatchObject({ status: 400, code: 21220, permanent: true })
  })
})
