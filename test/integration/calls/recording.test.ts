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

  it('pauses and resumes the recording from the card while the caller reads out card details (PCI); a refused pause says so', async () => {
    const alice = await agentOnline(t, 'alice')
    const { sid } = await t.app.simulator.placeInboundCall({ from: '+15559990003' })
    const offer = await alice.live.next((html) => html.includes('value="accept"'))
    const callId = callIdFrom(offer)
    await alice.browser.htmxPost(`/calls/${callId}`, { action: 'accept', version: versionFrom(offer) })
    const talking = await alice.live.next(isStatus(callId, 'in_progress'))
    expect(talking).toContain('>Pause recording</button>')
    await t.app.simulator.waitFor((e) => e.type === 'recording' && e.status === 'in-progress' && e.callSid === null)
    const recording = () => t.app.simulator.recordings.list({ conferenceSid: t.app.simulator.conferences.byName(`call-${callId}`)!.sid })[0]!

    const paused = await alice.browser.htmxPost(`/calls/${callId}`, { action: 'pause_recording', version: versionFrom(talking) })
    expect(paused.status).toBe(200)
    const pausedCard = await paused.text()
    expect(pausedCard).toContain('Recording paused')
    expect(pausedCard).toContain('>Resume recording</button>')
    await expect.poll(() => recording().status).toBe('paused')
    const resumed = await alice.browser.htmxPost(`/calls/${callId}`, { action: 'resume_recording', version: versionFrom(pausedCard) })
    const resumedCard = await resumed.text()
    expect(resumedCard).toContain('>Pause recording</button>')
    await expect.poll(() => recording().status).toBe('in-progress')

    t.app.simulator.faults.add({ method: 'POST', path: /Recordings\/Twilio\.CURRENT\.json$/, status: 400, code: 21220, message: 'Refused for the test' })
    await alice.browser.htmxPost(`/calls/${callId}`, { action: 'pause_recording', version: versionFrom(resumedCard) })
    const refused = await alice.live.next((html) => html.includes('could NOT be paused'))
    expect(refused).toContain('>Pause recording</button>')
    expect(recording().status).toBe('in-progress')
    expect(await timeline(t, { id: callId })).toEqual(expect.arrayContaining(['recording_paused', 'recording_resumed', 'recording_pause_failed']))
    t.app.simulator.faults.clear()
    t.app.simulator.hangUp(sid)
    await alice.close()
  })

  it('pauses and resumes the recording of an outbound call from the card, as an inbound one', async () => {
    const alice = await agentOnline(t, 'alice')
    expect((await alice.browser.htmxPost('/calls', { number: '+15559991001' })).status).toBe(200)
    const callId = callIdFrom(await alice.live.next((html) => html.includes('data-status="dialing"')))
    const talking = await alice.live.next(isStatus(callId, 'in_progress'))
    expect(talking).toContain('>Pause recording</button>')
    const conferenceSid = () => t.app.simulator.conferences.byName(`call-${callId}`)!.sid
    await t.app.simulator.waitFor((e) => e.type === 'recording' && e.status === 'in-progress' && e.conferenceSid === conferenceSid())
    const recording = () => t.app.simulator.recordings.list({ conferenceSid: conferenceSid() })[0]!

    const paused = await alice.browser.htmxPost(`/calls/${callId}`, { action: 'pause_recording', version: versionFrom(talking) })
    expect(paused.status).toBe(200)
    const pausedCard = await paused.text()
    expect(pausedCard).toContain('Recording paused')
    expect(pausedCard).toContain('>Resume recording</button>')
    await expect.poll(() => recording().status).toBe('paused')
    const resumed = await alice.browser.htmxPost(`/calls/${callId}`, { action: 'resume_recording', version: versionFrom(pausedCard) })
    expect(resumed.status).toBe(200)
    expect(await resumed.text()).toContain('>Pause recording</button>')
    await expect.poll(() => recording().status).toBe('in-progress')
    expect(await timeline(t, { id: callId })).toEqual(expect.arrayContaining(['recording_paused', 'recording_resumed']))
    expect(await t.prisma.call.findUniqueOrThrow({ where: { id: callId } })).toMatchObject({ direction: 'outbound', status: 'in_progress', recordingPaused: false })
    t.app.simulator.hangUp(t.app.simulator.conferences.byName(`call-${callId}`)!.participant('caller')!.callSid)
    await alice.live.next(isRemoval(callId))
    await alice.close()
  })
})
