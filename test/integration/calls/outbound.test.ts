import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { startTestApp, type TestApp } from '../../support/app.ts'
import { agentOnline, callIdFrom, isOffer, isRemoval, isStatus, versionFrom, type OnlineAgent } from '../../support/agents.ts'
import { normaliseNumber } from '../../../src/calls/numbers.ts'
import { timeline } from '../../support/caller.ts'

let t: TestApp
const online: OnlineAgent[] = []
beforeAll(async () => {
  t = await startTestApp({ env: { DIAL_RING_SECONDS: '3' } })
})
afterEach(async () => {
  await Promise.all(online.splice(0).map((agent) => agent.close()))
  t.app.simulator.faults.clear()
  for (const call of t.app.simulator.calls.values()) t.app.simulator.hangUp(call.sid)
  await t.prisma.call.updateMany({ where: { status: { not: 'ended' } }, data: { status: 'ended', endReason: 'failed' } })
  await t.prisma.agent.updateMany({ data: { presence: 'offline' } })
})
afterAll(() => t.close())

async function online_(name: 'alice' | 'bob' | 'admin') {
  const agent = await agentOnline(t, name)
  online.push(agent)
  return agent
}

const isDialing = (html: string) => html.includes('data-status="dialing"') && html.includes('hx-target="#call_container"')

/** Submits the panel's dial form and returns the new call's id, from the card the live channel pushes. */
async function dial(agent: OnlineAgent, number: string): Promise<number> {
  const response = await agent.browser.htmxPost('/calls', { number })
  expect(response.status).toBe(200)
  expect(await response.text()).toContain('<form id="dial"')
  return callIdFrom(await agent.live.next(isDialing))
}

/**
 * The call's timeline without the reports that arrive in their own order: the conference's, its recording's,
 * and the note that the browser was dialed (written when Twilio's answer to the REST request comes back, which
 * may be after the browser answered).
 */
async function events(callId: number) {
  const rows = await t.prisma.callEvent.findMany({ where: { callId }, orderBy: { id: 'asc' }, select: { type: true } })
  return rows.map((row) => row.type).filter((type) => !type.startsWith('participant_') && !type.startsWith('conference_') && !['call_recorded', 'agent_dialed'].includes(type))
}

const agentLeg = async (callId: number) => (await t.prisma.call.findUniqueOrThrow({ where: { id: callId } })).twilioSid!
const conference = (callId: number) => t.app.simulator.conferences.byName(`call-${callId}`)
/** The dialled number: the participant labelled `caller` in the call's conference. */
const farEnd = (callId: number) => conference(callId)?.participant('caller')?.callSid ?? ''
const conferenceEnded = (callId: number) => t.app.simulator.waitFor((e) => e.type === 'conference' && e.event === 'conference-end' && e.friendlyName === `call-${callId}`)
const legEnded = (sid: string, status = 'completed') => t.app.simulator.waitFor((e) => e.type === 'call.status' && e.callSid === sid && e.status === status)
const click = (agent: OnlineAgent, callId: number, action: string, card: string) => agent.browser.htmxPost(`/calls/${callId}`, { action, version: versionFrom(card) })

describe('an outbound call, remote-controlled', () => {
  it('rings the agent’s own browser into the call’s conference, adds the number from the team number, and ends from the card', async () => {
    const alice = await online_('alice')
    const callId = await dial(alice, '+1 (555) 123-0001')
    expect(await t.prisma.call.findUniqueOrThrow({ where: { id: callId } })).toMatchObject({
      direction: 'outbound', status: 'dialing', from: t.app.telephony.number, to: '+15551230001', agentId: alice.id,
    })

    const talking = await alice.live.next(isStatus(callId, 'in_progress'))
    expect(talking).toContain('+15551230001')
    expect(talking).toContain('>End</button>')
    expect(talking).toContain('>Hold</button>')
    const sid = await agentLeg(callId)
    expect(t.app.simulator.getCall(sid)).toMatchObject({ to: `client:agent-${alice.id}`, direction: 'outbound-api', status: 'in-progress' })
    expect(conference(callId)?.participant(`agent-${alice.id}`)).toMatchObject({ callSid: sid, endConferenceOnExit: true })
    expect(conference(callId)?.participant('caller')).toMatchObject({ endConferenceOnExit: true, hold: false })
    expect(t.app.simulator.getCall(farEnd(callId))).toMatchObject({ to: '+15551230001', from: t.app.telephony.number, status: 'in-progress' })
    expect(await t.prisma.call.findUniqueOrThrow({ where: { id: callId } })).toMatchObject({ conferenceSid: conference(callId)!.sid })

    const ended = await click(alice, callId, 'end', talking)
    expect(ended.status).toBe(200)
    await legEnded(sid)
    await conferenceEnded(callId)
    expect(await alice.live.next(isRemoval(callId))).toContain('Ended · completed')
    expect(await t.prisma.call.findUniqueOrThrow({ where: { id: callId } })).toMatchObject({ status: 'ended', endReason: 'completed' })
    await t.app.outbox.idle()
    expect(await events(callId)).toEqual(['dialing', 'number_dialed', 'ringing', 'connected', 'ended'])
    await expect.poll(async () => (await timeline(t, { id: callId })).filter((type) => type === 'participant_joined').length).toBe(2)
    await expect.poll(() => timeline(t, { id: callId })).toEqual(expect.arrayContaining(['conference_started', 'conference_ended']))
    // RECORD_CALLS=all (the simulator's default): the conversation is recorded and kept on the call, as an inbound one.
    await expect.poll(() => t.prisma.recording.findFirst({ where: { callId, kind: 'call' } })).toMatchObject({ status: 'completed' })
    expect(await timeline(t, { id: callId })).toEqual(expect.arrayContaining(['call_recorded', 'agent_dialed']))
  })

  it('Hold gives the far end our hold music and the card On hold; Resume brings them back; End works on hold', async () => {
    const alice = await online_('alice')
    const callId = await dial(alice, '+15551230001')
    const talking = await alice.live.next(isStatus(callId, 'in_progress'))
    const sid = await agentLeg(callId)
    const far = farEnd(callId)

    const held = await click(alice, callId, 'hold', talking)
    expect(held.status).toBe(200)
    const heldCard = await held.text()
    expect(heldCard).toContain('data-status="on_hold"')
    expect(heldCard).toContain('On hold <time data-since=')
    expect(heldCard).toContain('>Resume</button>')
    await t.app.simulator.waitFor((e) => e.type === 'conference' && e.event === 'participant-hold' && e.callSid === far)
    expect(conference(callId)?.participant('caller')).toMatchObject({ hold: true })
    expect(conference(callId)?.participant('caller')?.hearing?.kind).toBe('hold')
    expect(conference(callId)?.participant(sid)).toMatchObject({ hold: false })

    const resumed = await click(alice, callId, 'resume', heldCard)
    expect(resumed.status).toBe(200)
    const back = await resumed.text()
    expect(back).toContain('data-status="in_progress"')
    await t.app.simulator.waitFor((e) => e.type === 'conference' && e.event === 'participant-unhold' && e.callSid === far)
    expect(conference(callId)?.participant('caller')?.hearing).toBeNull()

    const again = await (await click(alice, callId, 'hold', back)).text()
    expect(again).toContain('data-status="on_hold"')
    const ended = await click(alice, callId, 'end', again)
    expect(ended.status).toBe(200)
    await conferenceEnded(callId)
    await legEnded(far)
    expect(await t.prisma.call.findUniqueOrThrow({ where: { id: callId } })).toMatchObject({ status: 'ended', endReason: 'completed' })
    await t.app.outbox.idle()
    expect(await events(callId)).toEqual(['dialing', 'number_dialed', 'ringing', 'connected', 'held', 'resumed', 'held', 'ended'])
    await expect.poll(() => timeline(t, { id: callId })).toEqual(expect.arrayContaining(['participant_held', 'participant_resumed']))
  })

  it('ends busy when the number is busy, hangs up the agent left alone in the conference, and the recent call is a click-to-call button', async () => {
    const alice = await online_('alice')
    const callId = await dial(alice, '+15551230002')
    const removal = await alice.live.next(isRemoval(callId))
    expect(removal).toContain('Ended · busy')
    expect(removal).toContain('hx-post="/calls"')
    expect(removal).toContain('name="number" value="+15551230002"')
    expect(await t.prisma.call.findUniqueOrThrow({ where: { id: callId } })).toMatchObject({ status: 'ended', endReason: 'busy' })
    await legEnded(await agentLeg(callId))
    await conferenceEnded(callId)
    expect(conference(callId)?.participants).toEqual([])
    await t.app.outbox.idle()
    const types = await events(callId)
    expect(types).toEqual(expect.arrayContaining(['dialing', 'number_dialed', 'busy']))
    expect(types.at(-1)).toBe('busy')
  })

  it('ends no_answer when nobody picks up before the ring timeout, and nobody is left in the conference', async () => {
    const alice = await online_('alice')
    const callId = await dial(alice, '+15551230003')
    await alice.live.next(isStatus(callId, 'ringing'))
    expect(await alice.live.next(isRemoval(callId), 8000)).toContain('Ended · no answer')
    expect(await t.prisma.call.findUniqueOrThrow({ where: { id: callId } })).toMatchObject({ status: 'ended', endReason: 'no_answer' })
    await legEnded(await agentLeg(callId))
    await conferenceEnded(callId)
    expect(conference(callId)?.participants).toEqual([])
    await t.app.outbox.idle()
    expect((await events(callId)).at(-1)).toBe('no_answer')
  })

  it('is canceled when the agent ends it while the number rings', async () => {
    const alice = await online_('alice')
    const callId = await dial(alice, '+15551230003')
    const ringing = await alice.live.next(isStatus(callId, 'ringing'))
    expect(ringing).toContain('>End</button>')
    expect(ringing).not.toContain('>Hold</button>')
    const far = farEnd(callId)
    expect(t.app.simulator.getCall(far)).toMatchObject({ to: '+15551230003', status: 'ringing' })

    const response = await click(alice, callId, 'end', ringing)
    expect(response.status).toBe(200)
    expect(await response.text()).toContain('data-status="ended"')
    await alice.live.next(isRemoval(callId))
    await legEnded(far, 'canceled')
    expect(await t.prisma.call.findUniqueOrThrow({ where: { id: callId } })).toMatchObject({ status: 'ended', endReason: 'canceled' })
    await t.app.outbox.idle()
    expect(await events(callId)).toEqual(['dialing', 'number_dialed', 'ringing', 'canceled'])
  })

  it('ends failed, saying why on the card and in the timeline, when Twilio refuses to place it', async () => {
    t.app.simulator.faults.add({ method: 'POST', path: /Calls\.json$/, status: 400, code: 21205, message: 'Url parameter is required.' })
    const alice = await online_('alice')
    const callId = await dial(alice, '+15551230001')
    const card = await alice.live.next((html) => isStatus(callId, 'ended')(html) && html.includes('#call_container'))
    expect(card).toContain('Ended · failed')
    expect(card).toContain('Could not place the call: Url parameter is required.')
    expect(await t.prisma.call.findUniqueOrThrow({ where: { id: callId } })).toMatchObject({ status: 'ended', endReason: 'failed', twilioSid: null })
    const failed = await t.prisma.callEvent.findFirstOrThrow({ where: { callId, type: 'failed' } })
    expect(failed.data).toMatchObject({ notice: 'Could not place the call: Url parameter is required.' })
    expect(await events(callId)).toEqual(['dialing', 'failed'])
  })

  it('ends failed and hangs up the agent’s browser when Twilio refuses to add the number to the conference', async () => {
    t.app.simulator.faults.add({ method: 'POST', path: /Participants\.json$/, status: 400, code: 21211, message: "The 'To' number is not a valid phone number." })
    const alice = await online_('alice')
    const callId = await dial(alice, '+15551230001')
    const card = await alice.live.next((html) => isStatus(callId, 'ended')(html) && html.includes('#call_container'))
    expect(card).toContain('Ended · failed')
    expect(card).toContain('Could not dial the number: The &#39;To&#39; number is not a valid phone number.')
    await legEnded(await agentLeg(callId))
    await t.app.outbox.idle()
    expect(await events(callId)).toEqual(['dialing', 'number_dialed', 'failed'])
  })

  it('sends the dialpad’s digits to the far end as DTMF', async () => {
    const alice = await online_('alice')
    const callId = await dial(alice, '+15551230001')
    const talking = await alice.live.next(isStatus(callId, 'in_progress'))
    for (const key of ['0', '1', '9', '*', '#']) expect(talking).toContain(`data-device="digits" value="${key}"`)
    const sid = await agentLeg(callId)

    // What public/device.js does when a dialpad key is clicked.
    alice.device.calls.get(sid)!.sendDigits('1#')
    await t.app.simulator.waitFor((e) => e.type === 'digits' && e.callSid === sid && e.digits === '1#' && e.by === 'device')
  })
})

describe('dialing is refused', () => {
  it('for a number that is not one, with the error on the form and no call', async () => {
    const alice = await online_('alice')
    const before = await t.prisma.call.count()
    const response = await alice.browser.htmxPost('/calls', { number: 'call me maybe' })
    expect(response.status).toBe(422)
    const form = await response.text()
    expect(form).toContain('<form id="dial"')
    expect(form).toContain('value="call me maybe"')
    expect(form).toContain('Enter a phone number with its country code')
    expect((await alice.browser.htmxPost('/calls', { number: t.app.telephony.number })).status).toBe(422)
    expect(await t.prisma.call.count()).toBe(before)
  })

  it('with 409 for an agent already on a call, who is not offered inbound calls meanwhile', async () => {
    const alice = await online_('alice')
    await dial(alice, '+15551230003')
    const response = await alice.browser.htmxPost('/calls', { number: '+15551230001' })
    expect(response.status).toBe(409)
    expect(await response.text()).toContain('You are already on a call')
    expect(await t.prisma.call.count({ where: { agentId: alice.id, status: { not: 'ended' } } })).toBe(1)

    const { sid } = await t.app.simulator.placeInboundCall({ from: '+15551230009' })
    await t.app.simulator.waitFor((e) => e.type === 'queue' && e.callSid === sid)
    expect(await t.prisma.call.findUniqueOrThrow({ where: { twilioSid: sid } })).toMatchObject({ status: 'queued', agentId: null })
  })

  it('with 409 for an agent holding an offer', async () => {
    const alice = await online_('alice')
    await t.app.simulator.placeInboundCall({ from: '+15551230008' })
    await alice.live.next(isOffer)
    const response = await alice.browser.htmxPost('/calls', { number: '+15551230001' })
    expect(response.status).toBe(409)
    expect(await response.text()).toContain('A call is waiting for your answer')
  })
})

describe('click-to-call from the admin pages', () => {
  it('posts the number as a plain form and sends the admin to their panel, where the call rings', async () => {
    const admin = await online_('admin')
    const page = await (await admin.browser.get('/admin/numbers/%2B15551230001')).text()
    expect(page).toContain('action="/calls"')
    expect(page).toContain('name="number" value="+15551230001"')

    const response = await admin.browser.post('/calls', { number: '+15551230001', _csrf: admin.browser.csrfToken ?? '' })
    expect(response.status).toBe(303)
    expect(response.headers.get('location')).toBe('/panel')
    const callId = callIdFrom(await admin.live.next(isDialing))
    await admin.live.next(isStatus(callId, 'in_progress'))
  })

  it('answers an offline agent with a page that says why', async () => {
    const bob = await t.loggedIn('bob')
    const response = await bob.post('/calls', { number: '+15551230001', _csrf: bob.csrfToken ?? '' })
    expect(response.status).toBe(409)
    const page = await response.text()
    expect(page).toContain('<h1>Dial</h1>')
    expect(page).toContain('Go online first')
  })
})

describe('number normalisation', () => {
  it('strips punctuation, reads 00 as +, and takes ten digits as US/Canada', () => {
    expect(normaliseNumber('+44 20 7123-4567')).toBe('+442071234567')
    expect(normaliseNumber('0044 (20) 7123.4567')).toBe('+442071234567')
    expect(normaliseNumber('(415) 555-0100')).toBe('+14155550100')
    expect(normaliseNumber('1 415 555 0100')).toBe('+14155550100')
    expect(normaliseNumber('555 0100')).toBe('5550100')
  })
})
