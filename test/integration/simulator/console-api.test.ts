import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { Harness } from './harness.ts'
import { startHarness, twiml } from './harness.ts'

let h: Harness
beforeEach(async () => {
  h = await startHarness()
})
afterEach(() => h.close())

const post = (path: string, body?: unknown) =>
  fetch(`${h.base}/sim${path}`, { method: 'POST', headers: body ? { 'Content-Type': 'application/json' } : {}, body: body ? JSON.stringify(body) : undefined })

describe('caller control API (console and CLI)', () => {
  it('places a call, reports what the caller hears, and hangs up', async () => {
    h.on('voice', twiml('<Say>Thanks for calling</Say><Enqueue waitUrl="/hooks/hold">support</Enqueue>'))
    h.on('hold', twiml('<Play>http://example.test/music.mp3</Play>'))
    const placed = await post('/simulator/calls', { from: '+15551230001' })
    expect(placed.status).toBe(201)
    const { sid } = (await placed.json()) as { sid: string }
    await h.sim.waitFor((e) => e.type === 'queue' && e.callSid === sid)
    const view = (await (await fetch(`${h.base}/sim/simulator/calls/${sid}`)).json()) as { headline: string; log: { seq: number; text: string }[] }
    expect(view.headline).toBe('In queue "support" at position 1 of 1, hearing hold music')
    expect(view.log.map((l) => l.text)).toContain('Said: "Thanks for calling"')
    const last = view.log[view.log.length - 1]?.seq ?? 0
    expect((await post(`/simulator/calls/${sid}/hangup`)).status).toBe(204)
    const after = (await (await fetch(`${h.base}/sim/simulator/calls/${sid}?after=${last}`)).json()) as { ended: boolean; headline: string; log: { seq: number }[] }
    expect(after).toMatchObject({ ended: true, headline: 'Ended: completed (caller hung up)' })
    expect(after.log.every((l) => l.seq > last)).toBe(true)
  })

  it('sends pressed digits to <Gather>', async () => {
    // A long timeout: the digits arrive over HTTP, which may take longer than 5 simulated seconds under load.
    h.on('voice', twiml('<Gather numDigits="2" timeout="100" action="/hooks/menu"><Say>Press 42</Say></Gather>'))
    const { sid } = (await (await post('/simulator/calls', { from: '+15551230001' })).json()) as { sid: string }
    await h.sim.waitFor((e) => e.type === 'verb' && e.callSid === sid && e.verb === 'Gather')
    await post(`/simulator/calls/${sid}/digits`, { digits: '4' })
    await post(`/simulator/calls/${sid}/digits`, { digits: '2' })
    expect((await h.waitForRequest('menu')).params.Digits).toBe('42')
  })

  it('sends what the caller says to a listening <Gather> and reports what it listens for', async () => {
    h.on('voice', twiml('<Gather input="dtmf speech" timeout="100" action="/hooks/menu"><Say>Say sales or press 1</Say></Gather>'))
    const { sid } = (await (await post('/simulator/calls', { from: '+15551230001' })).json()) as { sid: string }
    await h.sim.waitFor((e) => e.type === 'listening' && e.callSid === sid)
    const view = (await (await fetch(`${h.base}/sim/simulator/calls/${sid}`)).json()) as { listening: unknown }
    expect(view.listening).toEqual({ digits: true, speech: true, recording: false })
    expect((await post(`/simulator/calls/${sid}/speech`, { text: 'sales' })).status).toBe(204)
    expect((await h.waitForRequest('menu')).params.SpeechResult).toBe('Sales.')
  })

  it('answers bad speech input with 400, an unknown call with 404 and an ended call with 409', async () => {
    h.on('voice', twiml('<Pause length="100000"/>'))
    const { sid } = (await (await post('/simulator/calls', { from: '+15551230001' })).json()) as { sid: string }
    for (const body of [{}, { text: '   ' }, { text: 'x'.repeat(501) }, { text: 5 }, { text: 'hi', confidence: 2 }, { text: 'hi', seconds: -1 }]) {
      const res = await post(`/simulator/calls/${sid}/speech`, body)
      expect(res.status).toBe(400)
      expect(((await res.json()) as { error: string }).error).toBeTruthy()
    }
    expect(h.sim.events.history.some((e) => e.type === 'speech')).toBe(false)
    expect((await post('/simulator/calls/CA0000/speech', { text: 'hello' })).status).toBe(404)
    h.sim.hangUp(sid)
    expect((await post(`/simulator/calls/${sid}/speech`, { text: 'hello' })).status).toBe(409)
  })

  it('serves the console page and the stand-in SDK', async () => {
    const page = await fetch(`${h.base}/sim/simulator`)
    expect(await page.text()).toContain('<button type="submit" id="call">Call</button>')
    const script = await fetch(`${h.base}/sim/device.js`)
    expect(script.headers.get('content-type')).toContain('javascript')
  })
})
