import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestApp, type TestApp } from '../../support/app.ts'
import { agentOnline, callIdFrom, isRemoval, isStatus, versionFrom, type OnlineAgent } from '../../support/agents.ts'
import { timeline } from '../../support/caller.ts'

let t: TestApp
beforeAll(async () => {
  t = await startTestApp()
})
afterAll(() => t.close())

describe('a supervisor on the live board', () => {
  it('listens (muted), whispers (coaching the agent), barges in and leaves; the agent sees no note by default', async () => {
    const alice: OnlineAgent = await agentOnline(t, 'alice')
    const { sid } = await t.app.simulator.placeInboundCall({ from: '+15558880001' })
    const offer = await alice.live.next((html) => html.includes('value="accept"'))
    const callId = callIdFrom(offer)
    await alice.browser.htmxPost(`/calls/${callId}`, { action: 'accept', version: versionFrom(offer) })
    await alice.live.next(isStatus(callId, 'in_progress'))
    await t.app.simulator.waitFor((e) => e.type === 'conference' && e.event === 'conference-start' && e.friendlyName === `call-${callId}`)
    const admin: OnlineAgent = await agentOnline(t, 'admin')
    const conference = () => t.app.simulator.conferences.byName(`call-${callId}`)!
    const agentLeg = (await t.prisma.call.findUniqueOrThrow({ where: { id: callId } })).agentCallSid!
    const supervise = async (mode: string) => {
      const response = await admin.browser.htmxPost(`/admin/calls/${callId}/supervision`, { mode })
      expect(response.status).toBe(200)
      return response.text()
    }

    const board = await admin.browser.get('/admin/live')
    expect(await board.text()).toContain('>Listen</button>')
    const listening = await supervise('listen')
    expect(listening).toContain('Supervisor: listening')
    expect(listening).toContain('>Whisper</button>')
    await expect.poll(() => conference().participant('supervisor')?.status).toBe('connected')
    expect(conference().participant('supervisor')).toMatchObject({ muted: true, coaching: false })

    await supervise('whisper')
    await expect.poll(() => conference().participant('supervisor')?.coaching).toBe(true)
    expect(conference().participant('supervisor')).toMatchObject({ muted: false, callSidToCoach: agentLeg })

    await supervise('barge')
    await expect.poll(() => conference().participant('supervisor')?.coaching).toBe(false)
    expect(conference().participant('supervisor')).toMatchObject({ muted: false })

    await supervise('leave')
    await expect.poll(() => conference().participant('supervisor')).toBeUndefined()
    expect(conference().status).toBe('in-progress')
    expect(conference().participants.map((p) => p.label).sort()).toEqual([`agent-${alice.id}`, 'caller'])
    expect(t.app.simulator.getCall(sid)?.status).toBe('in-progress')

    expect(await timeline(t, { id: callId })).toEqual(expect.arrayContaining(['supervisor_listening', 'supervisor_whispering', 'supervisor_barged', 'supervisor_left']))
    expect(alice.live.messages.some((html) => html.includes('Supervisor listening'))).toBe(false)

    const notSupervising = await admin.browser.htmxPost(`/admin/calls/${callId}/supervision`, { mode: 'leave' })
    expect(notSupervising.status).toBe(409)
    expect(await notSupervising.text()).toContain('You are not supervising this call.')
    const agentTries = await alice.browser.htmxPost(`/admin/calls/${callId}/supervision`, { mode: 'listen' })
    expect(agentTries.status).toBe(403)
    await Promise.all([alice.close(), admin.close()])
    t.app.simulator.hangUp(sid)
  })

  it('listens to an outbound call, whispers to the agent on her own leg (the call’s twilioSid) and leaves; the call goes on', async () => {
    await t.prisma.agent.updateMany({ data: { presence: 'offline' } })
    const alice = await agentOnline(t, 'alice')
    expect((await alice.browser.htmxPost('/calls', { number: '+15558881001' })).status).toBe(200)
    const callId = callIdFrom(await alice.live.next((html) => html.includes('data-status="dialing"')))
    await alice.live.next(isStatus(callId, 'in_progress'))
    await t.app.simulator.waitFor((e) => e.type === 'conference' && e.event === 'conference-start' && e.friendlyName === `call-${callId}`)
    const admin = await agentOnline(t, 'admin')
    const conference = () => t.app.simulator.conferences.byName(`call-${callId}`)!
    const { twilioSid: agentLeg, agentCallSid } = await t.prisma.call.findUniqueOrThrow({ where: { id: callId } })
    expect(agentCallSid).toBeNull()
    const supervise = async (mode: string) => {
      const response = await admin.browser.htmxPost(`/admin/calls/${callId}/supervision`, { mode })
      expect(response.status).toBe(200)
      return response.text()
    }

    const board = await (await admin.browser.get('/admin/live')).text()
    expect(board.slice(board.indexOf(`id="call-${callId}"`))).toContain('>Listen</button>')
    expect(await supervise('listen')).toContain('Supervisor: listening')
    await expect.poll(() => conference().participant('supervisor')?.status).toBe('connected')
    expect(conference().participant('supervisor')).toMatchObject({ muted: true, coaching: false })

    await supervise('whisper')
    await expect.poll(() => conference().participant('supervisor')?.coaching).toBe(true)
    expect(conference().participant('supervisor')).toMatchObject({ muted: false, callSidToCoach: agentLeg })
    expect(conference().participant(`agent-${alice.id}`)?.callSid).toBe(agentLeg)

    await supervise('leave')
    await expect.poll(() => conference().participant('supervisor')).toBeUndefined()
    expect(conference().status).toBe('in-progress')
    expect(conference().participants.map((p) => p.label).sort()).toEqual([`agent-${alice.id}`, 'caller'])
    expect(await t.prisma.call.findUniqueOrThrow({ where: { id: callId } })).toMatchObject({ status: 'in_progress', supervision: null })
    expect(await timeline(t, { id: callId })).toEqual(expect.arrayContaining(['supervisor_listening', 'supervisor_whispering', 'supervisor_left']))
    t.app.simulator.hangUp(agentLeg!)
    await alice.live.next(isRemoval(callId))
    await Promise.all([alice.close(), admin.close()])
  })

  it('Twilio refuses Listen, then Whisper: the board says why, the supervisor is out of the call, the call goes on', async () => {
    await t.prisma.agent.updateMany({ data: { presence: 'offline' } })
    const alice = await agentOnline(t, 'alice')
    const { sid } = await t.app.simulator.placeInboundCall({ from: '+15558880003' })
    const offer = await alice.live.next((html) => html.includes('value="accept"'))
    const callId = callIdFrom(offer)
    await alice.browser.htmxPost(`/calls/${callId}`, { action: 'accept', version: versionFrom(offer) })
    await alice.live.next(isStatus(callId, 'in_progress'))
    await t.app.simulator.waitFor((e) => e.type === 'conference' && e.event === 'conference-start' && e.friendlyName === `call-${callId}`)
    const admin = await agentOnline(t, 'admin')
    const conference = () => t.app.simulator.conferences.byName(`call-${callId}`)!
    const board = async () => (await admin.browser.get('/admin/live')).text()
    const supervision = async () => (await t.prisma.call.findUniqueOrThrow({ where: { id: callId } })).supervision

    t.app.simulator.faults.add({ method: 'POST', path: /Participants\.json$/, status: 400, code: 21210, message: 'Refused for the test' })
    expect((await admin.browser.htmxPost(`/admin/calls/${callId}/supervision`, { mode: 'listen' })).status).toBe(200)
    await expect.poll(board).toContain('Could not listen in: Refused for the test')
    expect(await supervision()).toBeNull()
    expect(conference().participant('supervisor')).toBeUndefined()

    expect((await admin.browser.htmxPost(`/admin/calls/${callId}/supervision`, { mode: 'listen' })).status).toBe(200)
    await expect.poll(() => conference().participant('supervisor')?.status).toBe('connected')
    expect(await board()).not.toContain('Could not listen in')

    t.app.simulator.faults.add({ method: 'POST', path: /Participants\/supervisor\.json$/, status: 400, code: 21210, message: 'Refused again' })
    expect((await admin.browser.htmxPost(`/admin/calls/${callId}/supervision`, { mode: 'whisper' })).status).toBe(200)
    await expect.poll(board).toContain('Could not whisper to the agent: Refused again')
    await expect.poll(() => conference().participant('supervisor')).toBeUndefined()
    expect(await supervision()).toBeNull()
    expect(conference().participants.map((p) => p.label).sort()).toEqual([`agent-${alice.id}`, 'caller'])
    expect(await timeline(t, { id: callId })).toEqual(expect.arrayContaining(['supervision_failed']))
    await Promise.all([alice.close(), admin.close()])
    t.app.simulator.hangUp(sid)
  })

  it('with SUPERVISOR_NOTE=true the agent’s card says "Supervisor listening" until the supervisor leaves', async () => {
    const noted = await startTestApp({ env: { SUPERVISOR_NOTE: 'true' } })
    try {
      const alice = await agentOnline(noted, 'alice')
      await noted.app.simulator.placeInboundCall({ from: '+15558880002' })
      const offer = await alice.live.next((html) => html.includes('value="accept"'))
      const callId = callIdFrom(offer)
      await alice.browser.htmxPost(`/calls/${callId}`, { action: 'accept', version: versionFrom(offer) })
      await alice.live.next(isStatus(callId, 'in_progress'))
      const admin = await noted.loggedIn('admin')
      expect((await admin.htmxPost(`/admin/calls/${callId}/supervision`, { mode: 'listen' })).status).toBe(200)
      await alice.live.next((html) => isStatus(callId, 'in_progress')(html) && html.includes('Supervisor listening'))
      expect((await admin.htmxPost(`/admin/calls/${callId}/supervision`, { mode: 'leave' })).status).toBe(200)
      await alice.live.next((html) => isStatus(callId, 'in_progress')(html) && !html.includes('Supervisor listening'))
      await alice.close()
    } finally {
      await noted.close()
    }
  })
})
