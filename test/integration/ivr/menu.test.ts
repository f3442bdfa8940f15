import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { startTestApp, type TestApp } from '../../support/app.ts'
import { agentOnline, callIdFrom, isOffer, type OnlineAgent } from '../../support/agents.ts'
import { callAndChoose, heard, timeline, whenListening } from '../../support/caller.ts'
import { demoMenu } from '../../../src/front-door/seed.ts'

let t: TestApp
let alice: OnlineAgent
let bob: OnlineAgent
let queues: Record<'Sales' | 'Support', number>
beforeAll(async () => {
  t = await startTestApp({ frontDoor: true })
  const rows = await t.prisma.queue.findMany({ select: { id: true, name: true } })
  queues = Object.fromEntries(rows.map((q) => [q.name, q.id])) as typeof queues
  ;[alice, bob] = [await agentOnline(t, 'alice'), await agentOnline(t, 'bob')]
})
afterEach(async () => {
  for (const call of t.app.simulator.calls.values()) t.app.simulator.hangUp(call.sid)
  await t.prisma.call.updateMany({ where: { status: { not: 'ended' } }, data: { status: 'ended', endReason: 'failed', agentId: null } })
})
afterAll(async () => {
  await Promise.all([alice.close(), bob.close()])
  await t.close()
})

const choiceOf = async (sid: string) => (await t.prisma.callEvent.findFirstOrThrow({ where: { call: { twilioSid: sid }, type: 'menu_choice' } })).data

describe('the menu', () => {
  it(`puts a caller who presses ${demoMenu.sales} in Sales, offered to alice (Sales) and never to bob (Support only)`, async () => {
    const sid = await callAndChoose(t, '+15553330001', { press: demoMenu.sales })
    const offer = await alice.live.next(isOffer)
    const call = await t.prisma.call.findUniqueOrThrow({ where: { id: callIdFrom(offer) } })
    expect(call).toMatchObject({ twilioSid: sid, queueId: queues.Sales, agentId: alice.id, status: 'offered' })
    expect(await timeline(t, { twilioSid: sid })).toEqual(['entered_menu', 'menu_choice', 'offered'])
    expect(await choiceOf(sid)).toMatchObject({ pressed: demoMenu.sales, queue: 'Sales' })
    expect(bob.live.messages.some(isOffer)).toBe(false)
    const gather = t.app.simulator.events.history.find((e) => e.type === 'verb' && e.callSid === sid && e.verb === 'Gather')
    expect(gather).toMatchObject({ attributes: { input: 'dtmf speech', numDigits: '1', action: `${t.app.publicUrl()}/twilio/menu?attempt=1` } })
  })

  it(`puts a caller who presses ${demoMenu.support} in Support`, async () => {
    const sid = await callAndChoose(t, '+15553330002', { press: demoMenu.support })
    await t.app.simulator.waitFor((e) => e.type === 'queue' && e.callSid === sid)
    await expect.poll(() => t.prisma.call.findUniqueOrThrow({ where: { twilioSid: sid } })).toMatchObject({ queueId: queues.Support, status: 'offered' })
    expect(await choiceOf(sid)).toMatchObject({ pressed: demoMenu.support, queue: 'Support' })
    expect(t.app.simulator.events.history.find((e) => e.type === 'queue' && e.callSid === sid)).toMatchObject({ queue: `queue-${queues.Support}` })
  })

  it('understands a keyword said in a sentence, however the recognizer punctuates it', async () => {
    const sid = await callAndChoose(t, '+15553330003', { say: 'I want to talk to SALES please' })
    await alice.live.next((html) => isOffer(html) && html.includes('+15553330003'))
    expect(await t.prisma.call.findUniqueOrThrow({ where: { twilioSid: sid } })).toMatchObject({ queueId: queues.Sales })
    expect(await choiceOf(sid)).toMatchObject({ said: 'I want to talk to SALES please.', queue: 'Sales' })
  })

  it('says the menu again after a key it does not know, then takes the fallback (Support) after a second one', async () => {
    const { sid } = await t.app.simulator.placeInboundCall({ from: '+15553330004' })
    await whenListening(t, sid, (listening, count) => {
      if (!listening.speech) return false
      t.app.simulator.sendDigits(sid, count === 1 ? '5' : '7')
      return count === 2
    })
    await expect.poll(() => t.prisma.call.findUniqueOrThrow({ where: { twilioSid: sid } })).toMatchObject({ queueId: queues.Support })
    expect(await timeline(t, { twilioSid: sid })).toEqual(expect.arrayContaining(['entered_menu', 'menu_retry', 'menu_choice']))
    const retry = await t.prisma.callEvent.findFirstOrThrow({ where: { call: { twilioSid: sid }, type: 'menu_retry' } })
    expect(retry.data).toEqual({ pressed: '5' })
    expect(await choiceOf(sid)).toMatchObject({ pressed: '7', fallback: true, queue: 'Support' })
    expect(heard(t, sid)).toContain('Sorry, I did not get that.')
  })

  it('takes the fallback when the caller says nothing, twice', async () => {
    const { sid } = await t.app.simulator.placeInboundCall({ from: '+15553330005' })
    await t.app.simulator.waitFor((e) => e.type === 'queue' && e.callSid === sid)
    expect(await choiceOf(sid)).toMatchObject({ heard: 'nothing', fallback: true, queue: 'Support' })
    expect((await t.prisma.callEvent.findFirstOrThrow({ where: { call: { twilioSid: sid }, type: 'menu_retry' } })).data).toEqual({ heard: 'nothing' })
  })

  it('ends a caller who hangs up in the menu without a missed call', async () => {
    const { sid } = await t.app.simulator.placeInboundCall({ from: '+15553330006' })
    await whenListening(t, sid, () => {
      t.app.simulator.hangUp(sid)
      return true
    })
    await expect.poll(() => t.prisma.call.findUniqueOrThrow({ where: { twilioSid: sid } })).toMatchObject({ status: 'ended', endReason: 'abandoned' })
    expect(await timeline(t, { twilioSid: sid })).toEqual(['entered_menu', 'left_menu'])
    expect(await t.prisma.missedCall.count({ where: { call: { twilioSid: sid } } })).toBe(0)
  })
})
