import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { startTestApp, type TestApp } from '../../support/app.ts'
import { agentOnline, callIdFrom, endEverything, isOffer, isRemoval, isStatus, versionFrom, type OnlineAgent } from '../../support/agents.ts'
import { timeline } from '../../support/caller.ts'

let t: TestApp
const online: OnlineAgent[] = []
beforeAll(async () => {
  t = await startTestApp()
})
afterEach(() => endEverything(t, online))
afterAll(() => t.close())

/** Alice online, a caller answered by her through the conference bridge: the in-progress card. */
async function talking(from: string) {
  const alice = await agentOnline(t, 'alice')
  online.push(alice)
  const { sid } = await t.app.simulator.placeInboundCall({ from })
  const offer = await alice.live.next(isOffer)
  const callId = callIdFrom(offer)
  await alice.browser.htmxPost(`/calls/${callId}`, { action: 'accept', version: versionFrom(offer) })
  const card = await alice.live.next(isStatus(callId, 'in_progress'))
  await t.app.simulator.waitFor((e) => e.type === 'conference' && e.event === 'conference-start' && e.friendlyName === `call-${callId}`)
  return { alice, sid, callId, card, conference: () => t.app.simulator.conferences.byName(`call-${callId}`)! }
}

const click = (agent: OnlineAgent, callId: number, action: string, card: string) => agent.browser.htmxPost(`/calls/${callId}`, { action, version: versionFrom(card) })

describe('Hold and Resume on the in-progress card', () => {
  it('puts the caller on hold with our hold music, shows On hold with a timer, and Resume brings them back', async () => {
    const { alice, sid, callId, card, conference } = await talking('+15556660001')
    expect(card).toContain('>Hold</button>')

    const held = await click(alice, callId, 'hold', card)
    expect(held.status).toBe(200)
    const heldCard = await held.text()
    expect(heldCard).toContain('data-status="on_hold"')
    expect(heldCard).toContain('On hold <time data-since=')
    expect(heldCard).toContain('>Resume</button>')
    expect(heldCard).not.toContain('>Hold</button>')
    await t.app.simulator.waitFor((e) => e.type === 'conference' && e.event === 'participant-hold' && e.callSid === sid)
    expect(conference().participant('caller')).toMatchObject({ hold: true })
    expect(conference().participant('caller')?.hearing?.kind).toBe('hold')
    await t.app.simulator.waitFor((e) => e.type === 'webhook' && e.callSid === sid && e.url.endsWith('/twilio/hold') && e.statusCode === 200)
    await t.app.simulator.waitFor((e) => e.type === 'verb' && e.callSid === sid && e.verb === 'Play')

    const resumed = await click(alice, callId, 'resume', heldCard)
    expect(resumed.status).toBe(200)
    const back = await resumed.text()
    expect(back).toContain('data-status="in_progress"')
    expect(back).toContain('>Hold</button>')
    await t.app.simulator.waitFor((e) => e.type === 'conference' && e.event === 'participant-unhold' && e.callSid === sid)
    expect(conference().participant('caller')).toMatchObject({ hold: false })
    expect(conference().participant('caller')?.hearing).toBeNull()

    await expect.poll(() => timeline(t, { id: callId })).toEqual(expect.arrayContaining(['held', 'participant_held', 'resumed', 'participant_resumed']))
    const types = await timeline(t, { id: callId })
    expect(types.indexOf('held')).toBeLessThan(types.indexOf('resumed'))
  })

  it('refuses a second Hold with 409 and says why', async () => {
    const { alice, callId, card } = await talking('+15556660002')
    const [first, second] = await Promise.all([click(alice, callId, 'hold', card), click(alice, callId, 'hold', card)])
    expect([first.status, second.status].sort()).toEqual([200, 409])
    const refused = first.status === 409 ? await first.text() : await second.text()
    expect(refused).toContain('The caller is already on hold.')
    expect(await t.prisma.callEvent.count({ where: { callId, type: 'held' } })).toBe(1)
  })

  it('when the caller hangs up on hold: the call ends, the card goes and nobody is left in the conference', async () => {
    const { alice, sid, callId, card, conference } = await talking('+15556660003')
    await click(alice, callId, 'hold', card)
    await t.app.simulator.waitFor((e) => e.type === 'conference' && e.event === 'participant-hold' && e.callSid === sid)
    t.app.simulator.hangUp(sid)
    await alice.live.next(isRemoval(callId))
    expect(await t.prisma.call.findUniqueOrThrow({ where: { id: callId } })).toMatchObject({ status: 'ended', endReason: 'completed' })
    await t.app.simulator.waitFor((e) => e.type === 'conference' && e.event === 'conference-end' && e.friendlyName === `call-${callId}`)
    expect(conference().status).toBe('completed')
    expect(conference().participants).toHaveLength(0)
    expect(await t.prisma.agent.findUniqueOrThrow({ where: { id: alice.id } })).toMatchObject({ presence: 'online' })
  })

  it('when Twilio refuses the hold: the card is back in progress and says why', async () => {
    const { alice, callId, card } = await talking('+15556660004')
    t.app.simulator.faults.add({ method: 'POST', path: /Participants\/CA[0-9a-f]+\.json$/, status: 400, code: 20001, message: 'Hold refused for the test' })
    expect((await click(alice, callId, 'hold', card)).status).toBe(200)
    const back = await alice.live.next((html) => isStatus(callId, 'in_progress')(html) && html.includes('Could not put the caller on hold'))
    expect(back).toContain('Hold refused for the test')
    expect(back).toContain('>Hold</button>')
    expect(await timeline(t, { id: callId })).toEqual(expect.arrayContaining(['held', 'hold_failed']))
  })
})
