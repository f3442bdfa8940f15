import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestApp, type TestApp } from '../../support/app.ts'
import { freshDatabase, type TestDatabase } from '../../support/database.ts'
import { startStandaloneSimulator, type StandaloneSimulator } from '../../support/standalone-simulator.ts'
import { agentOnline, isRemoval, isOffer, callIdFrom, versionFrom } from '../../support/agents.ts'
import { newCallSid } from '../../support/twilio.ts'
import { startFrontDoor, type FrontDoor } from '../../support/front-door.ts'

let sim: StandaloneSimulator
let database: TestDatabase
let door: FrontDoor
beforeAll(async () => {
  ;[sim, database, door] = await Promise.all([startStandaloneSimulator({ webhookTimeoutMs: 30_000 }), freshDatabase(), startFrontDoor()])
  sim.pointAt(door.url)
})
afterAll(async () => {
  await sim.close()
  await door.close()
  await database.close()
})

describe('calls that ended at Twilio while the app was away', () => {
  it('are ended at the next start (Twilio could not reach the app, so the caller was lost); calls still live at Twilio stay', async () => {
    const env = { ...sim.env, PUBLIC_URL: door.url }
    const first = await startTestApp({ env, database })
    door.routeTo(first.url)
    const bob = await agentOnline(first, 'bob', { simulatorUrl: sim.url })
    expect((await bob.browser.htmxPost('/calls', { number: '+15558880009' })).status).toBe(200)
    await expect.poll(() => first.prisma.call.findFirst({ where: { direction: 'outbound' } })).toMatchObject({ status: 'in_progress' })
    const gone = await sim.server.simulator.placeInboundCall({ from: '+15558880001' })
    await expect.poll(() => first.prisma.call.count({ where: { twilioSid: gone.sid, status: 'queued' } })).toBe(1)

    door.routeTo('http://127.0.0.1:9')
    await bob.live.close()
    await first.close()
    sim.server.simulator.hangUp(gone.sid)
    expect(['failed', 'completed']).toContain(sim.server.simulator.getCall(gone.sid)?.status)
    await sim.server.simulator.waitFor((e) => e.type === 'webhook' && e.callSid === gone.sid && e.kind === 'status-callback', 10_000)

    const second = await startTestApp({ env, database })
    door.routeTo(second.url)
    try {
      await expect.poll(() => second.prisma.call.findUnique({ where: { twilioSid: gone.sid } })).toMatchObject({ status: 'ended', endReason: 'abandoned' })
      const events = await second.prisma.callEvent.findMany({ where: { call: { twilioSid: gone.sid } }, orderBy: { id: 'asc' }, select: { type: true, data: true } })
      expect(events.at(-1)).toMatchObject({ type: 'abandoned', data: { source: 'status-callback' } })
      expect(await second.prisma.call.findFirst({ where: { direction: 'outbound' } })).toMatchObject({ status: 'in_progress' })
    } finally {
      bob.device.destroy()
      await second.close()
    }
  })
})

describe('Accept on a caller Twilio no longer has', () => {
  let t: TestApp
  beforeAll(async () => {
    t = await startTestApp()
  })
  afterAll(() => t.close())

  it('ends the call as abandoned instead of showing Twilio’s 404 on the card', async () => {
    const alice = await agentOnline(t, 'alice')
    const call = await t.prisma.call.create({ data: { direction: 'inbound', status: 'queued', from: '+15558880003', to: t.app.telephony.number, twilioSid: newCallSid(), queuedAt: new Date() } })
    await t.app.calls.route()
    const offer = await alice.live.next(isOffer)
    expect(callIdFrom(offer)).toBe(call.id)
    expect((await alice.browser.htmxPost(`/calls/${call.id}`, { action: 'accept', version: versionFrom(offer) })).status).toBe(200)
    const removal = await alice.live.next(isRemoval(call.id))
    expect(removal).toContain('abandoned')
    expect(alice.live.messages.join('\n')).not.toMatch(/requested resource|20404|Could not connect/)
    expect(await t.prisma.call.findUniqueOrThrow({ where: { id: call.id } })).toMatchObject({ status: 'ended', endReason: 'abandoned' })
    await alice.close()
  })
})
