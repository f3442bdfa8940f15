import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { startTestApp, type TestApp } from '../../support/app.ts'
import { hiddenField } from '../../support/http.ts'
import { agentOnline } from '../../support/agents.ts'
import { callAndChoose, heard, timeline, whenListening } from '../../support/caller.ts'
import { demoMenu } from '../../../src/front-door/seed.ts'

let t: TestApp
let queues: Record<'Sales' | 'Support', number>
beforeAll(async () => {
  t = await startTestApp({ frontDoor: true })
  const rows = await t.prisma.queue.findMany({ select: { id: true, name: true } })
  queues = Object.fromEntries(rows.map((q) => [q.name, q.id])) as typeof queues
})
afterEach(async () => {
  for (const call of t.app.simulator.calls.values()) t.app.simulator.hangUp(call.sid)
  await t.prisma.call.updateMany({ where: { status: { not: 'ended' } }, data: { status: 'ended', endReason: 'failed' } })
})
afterAll(() => t.close())

/** The recording's in-progress callback may arrive after the Record action has ended the call (Twilio does not order them). */
const steps = async (sid: string) => (await timeline(t, { twilioSid: sid })).filter((type) => type !== 'recording_voicemail')

/** The caller leaves `words` at the tone; their call's missed call, once the voicemail is stored. */
async function leaveMessage(sid: string, words: string) {
  await whenListening(t, sid, (listening) => {
    if (!listening.recording) return false
    t.app.simulator.say(sid, words)
    return true
  })
  await expect.poll(() => t.prisma.call.findUniqueOrThrow({ where: { twilioSid: sid } }), { timeout: 10_000 }).toMatchObject({ status: 'ended', endReason: 'voicemail' })
  return t.prisma.missedCall.findFirstOrThrow({ where: { call: { twilioSid: sid } } })
}

async function flipSwitch(to: 'open' | 'closed' | 'schedule') {
  const admin = await t.loggedIn('admin')
  const _csrf = hiddenField(await (await admin.get('/admin/live')).text(), '_csrf')
  const response = await admin.post('/admin/hours/switch', { override: to, _csrf })
  expect(response.status).toBe(303)
}

describe('voicemail', () => {
  it('after hours: the after-hours message, a voicemail with its transcript, and a missed call for the fallback queue', async () => {
    await flipSwitch('closed')
    const alice = await agentOnline(t, 'alice')
    try {
      const { sid } = await t.app.simulator.placeInboundCall({ from: '+15554440001' })
      const missed = await leaveMessage(sid, 'please call me back about my order')
      const pushed = await alice.live.next((html) => html.includes('hx-target="#missed_calls"') && html.includes('Please call me back about my order.'))
      expect(pushed).toMatch(/<audio controls preload="none" src="\/recordings\/\d+"/)
      expect(missed).toMatchObject({ kind: 'voicemail', status: 'open', queueId: queues.Support, from: '+15554440001' })
      expect(heard(t, sid)[0]).toMatch(/^Thanks for calling Switchboard\. We are closed right now\. Please leave a message/)
      expect(await steps(sid)).toEqual(['after_hours', 'voicemail_left'])
      await expect
        .poll(() => t.prisma.recording.findFirst({ where: { call: { twilioSid: sid } } }))
        .toMatchObject({ kind: 'voicemail', status: 'completed', transcript: 'Please call me back about my order.', durationSeconds: expect.any(Number) })
      const audit = await t.prisma.auditEntry.findFirstOrThrow({ where: { action: 'hours.switched' }, orderBy: { id: 'desc' } })
      expect(audit).toMatchObject({ summary: 'Forced closed', agentId: t.agents.admin.id, changes: { override: { from: 'open', to: 'closed' } } })
    } finally {
      await alice.close()
      await flipSwitch('open')
    }
  })

  it('nobody online in the queue: the caller leaves a message there, and only its agents (and admins) may play it', async () => {
    const sid = await callAndChoose(t, '+15554440002', { press: demoMenu.sales })
    const missed = await leaveMessage(sid, 'hello sales')
    expect(missed).toMatchObject({ kind: 'voicemail', queueId: queues.Sales })
    expect(heard(t, sid)).toContain('Nobody can take your call right now. Please leave a message after the tone, and press the pound key when you are done.')
    expect(await steps(sid)).toEqual(['entered_menu', 'menu_choice', 'no_agents', 'voicemail_left'])

    await expect.poll(() => t.prisma.recording.findFirst({ where: { call: { twilioSid: sid } } })).toMatchObject({ status: 'completed' })
    const recording = await t.prisma.recording.findFirstOrThrow({ where: { call: { twilioSid: sid } } })
    const alice = await t.loggedIn('alice')
    expect(await (await alice.get('/panel')).text()).toContain(`<audio controls preload="none" src="/recordings/${recording.id}"`)
    const played = await alice.get(`/recordings/${recording.id}`)
    expect(played.status).toBe(200)
    expect(played.headers.get('content-type')).toBe('audio/x-wav')
    expect(Buffer.from(await played.arrayBuffer()).subarray(0, 4).toString()).toBe('RIFF')
    expect((await (await t.loggedIn('admin')).get(`/recordings/${recording.id}`)).status).toBe(200)
    const bob = await t.loggedIn('bob')
    expect((await bob.get(`/recordings/${recording.id}`)).status).toBe(403)
    expect(await (await bob.get('/panel')).text()).not.toContain(`/recordings/${recording.id}`)
    expect((await alice.get('/recordings/999999')).status).toBe(404)
    expect((await alice.get('/recordings/abc')).status).toBe(404)
    expect((await t.client().get(`/recordings/${recording.id}`)).status).toBe(303)
  })

  it(`the menu's voicemail key (${demoMenu.voicemail}) goes straight to the tone`, async () => {
    const sid = await callAndChoose(t, '+15554440003', { press: demoMenu.voicemail })
    await leaveMessage(sid, 'just a message')
    expect(await steps(sid)).toEqual(['entered_menu', 'menu_choice', 'voicemail_left'])
  })

  it('a caller who hangs up at the prompt, or leaves only silence, is a missed call without a voicemail', async () => {
    const prompt = await callAndChoose(t, '+15554440004', { press: demoMenu.voicemail })
    await t.app.simulator.waitFor((e) => e.type === 'verb' && e.callSid === prompt && e.verb === 'Record')
    const silent = await callAndChoose(t, '+15554440005', { press: demoMenu.voicemail })
    t.app.simulator.hangUp(prompt)
    for (const sid of [prompt, silent]) {
      await expect.poll(() => t.prisma.call.findUniqueOrThrow({ where: { twilioSid: sid } }), { timeout: 10_000 }).toMatchObject({ status: 'ended', endReason: 'abandoned' })
      expect((await timeline(t, { twilioSid: sid })).at(-1)).toBe('voicemail_empty')
      expect(await t.prisma.missedCall.findFirstOrThrow({ where: { call: { twilioSid: sid } } })).toMatchObject({ kind: 'abandoned', status: 'open' })
    }
  })
})
