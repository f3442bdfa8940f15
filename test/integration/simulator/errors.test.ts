import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { APPLICATION_ERROR } from '../../../src/simulator/index.ts'
import type { Harness } from './harness.ts'
import { startHarness, twiml } from './harness.ts'

let h: Harness
beforeEach(async () => {
  h = await startHarness({ webhookTimeoutMs: 300 })
})
afterEach(() => h.close())

async function failedWith(code: number): Promise<string> {
  const { sid } = await h.sim.placeInboundCall({ from: '+15551230001' })
  await h.sim.waitFor((e) => e.type === 'call.status' && e.callSid === sid && e.status === 'failed', 3000)
  expect(h.sim.events.history.find((e) => e.type === 'error' && e.callSid === sid)).toMatchObject({ code })
  expect(h.sim.getCall(sid)?.log.map((l) => l.text)).toContain(`Said: "${APPLICATION_ERROR}"`)
  return sid
}

describe('the app failing the way Twilio notices', () => {
  it('a 500 answer fails the call (11200)', async () => {
    h.on('voice', { status: 500, body: 'boom' })
    await failedWith(11200)
  })

  it('a wrong content type fails the call (12300)', async () => {
    h.on('voice', { type: 'application/json', body: '{"say":"hi"}' })
    await failedWith(12300)
  })

  it('unparseable TwiML fails the call (12100)', async () => {
    h.on('voice', '<Response><Say>unclosed</Response>')
    await failedWith(12100)
  })

  it('an unknown verb fails the call (12200)', async () => {
    h.on('voice', twiml('<Shout>hi</Shout>'))
    await failedWith(12200)
  })

  it('a webhook slower than the budget fails the call (11205) and the app stays responsive', async () => {
    h.on('voice', { delayMs: 1000, body: twiml('<Say>late</Say>') })
    const started = Date.now()
    await failedWith(11205)
    expect(Date.now() - started).toBeLessThan(900)
    expect((await fetch(`${h.base}/sim/simulator`)).status).toBe(200)
  })

  it('an unreachable webhook fails the call (11205)', async () => {
    await h.close()
    h = await startHarness({ voiceUrl: () => 'http://127.0.0.1:1/voice' })
    await failedWith(11205)
  })

  it('a failing action URL mid-call fails the call too', async () => {
    h.on('voice', twiml('<Dial timeout="0.2" action="/hooks/dial-action">+15551230003</Dial>'))
    h.on('dial-action', { status: 404 })
    await failedWith(11200)
  })
})
