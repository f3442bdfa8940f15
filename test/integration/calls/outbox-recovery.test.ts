import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestApp, type TestApp } from '../../support/app.ts'
import { freshDatabase, type TestDatabase } from '../../support/database.ts'
import { startStandaloneSimulator, type StandaloneSimulator } from '../../support/standalone-simulator.ts'
import { agentOnline, callIdFrom, isOffer, versionFrom } from '../../support/agents.ts'
import { startFrontDoor, type FrontDoor } from '../../support/front-door.ts'

let sim: StandaloneSimulator
let database: TestDatabase
let door: FrontDoor
beforeAll(async () => {
  ;[sim, database, door] = await Promise.all([startStandaloneSimulator(), freshDatabase(), startFrontDoor()])
  sim.pointAt(door.url)
})
afterAll(async () => {
  await sim.close()
  await door.close()
  await database.close()
})

describe('a process that dies between commit and the REST call', () => {
  it('leaves an outbox row that the next start carries out', async () => {
    const env = { ...sim.env, PUBLIC_URL: door.url }
    const crashing: TestApp = await startTestApp({ env, database, outbox: { autostart: false } })
    door.routeTo(crashing.url)
    const alice = await agentOnline(crashing, 'alice', { simulatorUrl: sim.url })
    const { sid } = await sim.server.simulator.placeInboundCall({ from: '+15553330001' })
    const offer = await alice.live.next(isOffer)
    const callId = callIdFrom(offer)
    expect((await alice.browser.htmxPost(`/calls/${callId}`, { action: 'accept', version: versionFrom(offer) })).status).toBe(200)

    const pending = await crashing.prisma.outboxJob.findFirstOrThrow({ where: { callId, kind: 'dial_agent' } })
    expect(pending).toMatchObject({ doneAt: null, attempts: 0 })
    expect(sim.server.simulator.events.history.some((e) => e.type === 'conference' && e.callSid === sid)).toBe(false)
    door.routeTo(null)
    await alice.live.close()
    await crashing.close()

    const restarted = await startTestApp({ env, database })
    door.routeTo(restarted.url)
    try {
      await sim.server.simulator.waitFor((e) => e.type === 'conference' && e.event === 'participant-join' && e.callSid === sid && e.friendlyName === `call-${callId}`)
      await expect.poll(() => restarted.prisma.call.findUnique({ where: { id: callId } })).toMatchObject({ status: 'in_progress' })
      const job = await restarted.prisma.outboxJob.findUniqueOrThrow({ where: { id: pending.id } })
      expect(job.doneAt).not.toBeNull()
      expect(job.attempts).toBe(1)
    } finally {
      alice.device.destroy()
      await restarted.close()
    }
  })
})
