import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { SimEvent } from '../../../src/simulator/index.ts'
import type { Harness } from './harness.ts'
import { credentials, startHarness, twiml } from './harness.ts'

let h: Harness
beforeEach(async () => {
  h = await startHarness()
  h.on('voice', twiml('<Dial><Conference waitUrl="/hooks/wait">room-1</Conference></Dial>'))
  h.on('wait', twiml('<Play>http://example.test/wait.mp3</Play>'))
  h.on('hold', twiml('<Play loop="0">http://example.test/hold.mp3</Play>'))
})
afterEach(() => h.close())

interface View { headline: string; conference: { name: string; onHold: boolean; hearing: string | null; others: { name: string }[] } | null }
const view = async (sid: string): Promise<View> => (await (await fetch(`${h.base}/sim/simulator/calls/${sid}`)).json()) as View
const joined = (callSid: string) => (e: SimEvent) => e.type === 'conference' && e.event === 'participant-join' && e.callSid === callSid

describe('caller control API in a conference', () => {
  it('tells the caller which conference it is in, who else is there, and when it is on hold', async () => {
    const alice = await h.device('alice')
    const { sid } = await h.sim.placeInboundCall({ from: '+15551230001' })
    await h.waitForRequest('wait', (r) => r.params.CallSid === sid)
    expect(await view(sid)).toMatchObject({
      headline: 'Waiting in conference "room-1" for others to join, hearing wait music',
      conference: { name: 'room-1', onHold: false, hearing: 'wait music', others: [] },
    })
    const agent = await h.client.conferences('room-1').participants.create({ from: credentials.phoneNumber, to: 'client:alice' })
    ;(await alice.nextIncoming()).accept()
    await h.sim.waitFor(joined(agent.callSid))
    expect(await view(sid)).toMatchObject({ headline: 'In conference "room-1" with alice', conference: { hearing: null, others: [{ name: 'alice' }] } })
    await h.client.conferences(agent.conferenceSid).participants(sid).update({ hold: true, holdUrl: `${h.base}/hooks/hold` })
    expect(await view(sid)).toMatchObject({ headline: 'On hold in conference "room-1", hearing hold music', conference: { onHold: true, hearing: 'hold music' } })
  })
})
