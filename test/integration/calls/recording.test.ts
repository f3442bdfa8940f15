import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestApp, type TestApp } from '../../support/app.ts'
import { agentOnline, callIdFrom, isRemoval, isStatus, versionFrom } from '../../support/agents.ts'
import { timeline } from '../../support/caller.ts'

let t: TestApp
beforeAll(async () => {
  t = await startTestApp()
})
afterAll(() => t.close())

describe('recording every answered call (RECORD_CALLS defaults to all in the simulator)', () => {
  it('attaches the conference recording to the call; admins and the agent who took it listen through the app, others do not', async () => {
    const alice = await agentOnline(t, 'alice')
    const from = '+15559990001'
    const { sid } = await t.app.simulator.placeInboundCall({ from })
    const offer = await alice.live.next((html) => html.includes('value="accept"'))
    const callId = callIdFrom(offer)
    await alice.browser.htmxPost(`/calls/${callId}`, { action: 'accept', version: versionFrom(offer) })
    const talking = await alice.live.next(isStatus(callId, 'in_progress'))
    await t.app.simulator.waitFor((e) => e.type === 'recording' && e.status === 'in-progress' && e.callSid === null)
    await expect.poll(() => t.prisma.recording.findFirst({ where: { callId, kind: 'call' } })).toMatchObject({ status: 'in-progress' })
    await alice.browser.htmxPost(`/calls/${callId}`, { action: 'end', version: versionFrom(talking) })
    await alice.live.next(isRemoval(callId))

    await expect.poll(() => t.prisma.recording.findFirst({ where: { callId, kind: 'call' } })).toMatchObject({ status: 'completed' })
    const recording = (await t.prisma.recording.findFirstOrThrow({ where: { callId, kind: 'call' } }))
    expect(recording.durationSeconds).toBeGreaterThan(0)
    await expect.poll(() => timeline(t, { id: callId })).toContain('call_recorded')
    const src = `/calls/${callId}/recordings/${recording.id}`

    const admin = await t.loggedIn('admin')
    const page = await (await admin.get(`/admin/numbers/${encodeURIComponent(from)}`)).text()
    expect(page).toContain(`<audio controls preload="none" src="${src}">`)
    const played = await admin.get(src)
    expect(played.status).toBe(200)
    expect(played.headers.get('content-type')).toContain('audio')
    expect(Buffer.from(await played.arrayBuffer()).subarray(0, 4).toString()).toBe('RIFF')
    expect((await alice.browser.get(src)).status).toBe(200)

    const bob = await t.loggedIn('bob')
    const refused = await bob.get(src)
    expect(refused.status).toBe(403)
    expect((await bob.get(`/recordings/${recording.id}`)).status).toBe(403)

    const other = await t.app.simulator.placeInboundCall({ from: '+15559990002' })
    await t.app.simulator.waitFor((e) => e.type === 'queue' && e.callSid === other.sid)
    const otherCall = await t.prisma.call.findUniqueOrThrow({ where: { twilioSid: other.sid } })
    expect((await admin.get(`/calls/${otherCall.id}/recordings/${recording.id}`)).status).toBe(404)
    t.app.simulator.hangUp(other.sid)
    expect(t.app.simulator.getCall(sid)?.status).toBe('completed')
    await alice.close()
  })
})
