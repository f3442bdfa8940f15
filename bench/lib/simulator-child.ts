/**
 * Child process for accept-latency: the Twilio simulator as its own server (as `npm run simulator` runs it),
 * so its TwiML, webhooks and Devices' signalling do not share an event loop with the benchmark's panels.
 * The parent places and hangs up calls over IPC and hears each caller's status changes.
 */
import { startStandaloneSimulator } from '../../test/support/standalone-simulator.ts'

export type ToSimulator = { type: 'place'; id: number; from: string } | { type: 'hang-up'; sid: string } | { type: 'close' }
export type FromSimulator =
  | { type: 'ready'; url: string; env: Record<string, string> }
  | { type: 'placed'; id: number; sid: string }
  | { type: 'status'; sid: string; status: string }
  | { type: 'hold' }

const send = (message: FromSimulator) => process.send?.(message)
const sim = await startStandaloneSimulator({ timeScale: Number(process.env.BENCH_TIME_SCALE ?? 0.1), webhookTimeoutMs: 15_000 })
sim.pointAt(process.env.BENCH_PUBLIC_URL ?? '')
const simulator = sim.server.simulator
simulator.events.on((event) => {
  if (event.type === 'call.status' && event.parentCallSid === null) send({ type: 'status', sid: event.callSid, status: event.status })
  if (event.type === 'webhook' && event.kind === 'wait') send({ type: 'hold' })
})

process.on('message', async (message: ToSimulator) => {
  if (message.type === 'place') send({ type: 'placed', id: message.id, sid: (await simulator.placeInboundCall({ from: message.from })).sid })
  if (message.type === 'hang-up') simulator.hangUp(message.sid)
  if (message.type === 'close') {
    await sim.close()
    process.disconnect()
  }
})
send({ type: 'ready', url: sim.url, env: sim.env })
