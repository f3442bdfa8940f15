import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestApp, type TestApp } from '../../support/app.ts'
import { agentOnline, callIdFrom, isOffer, versionFrom } from '../../support/agents.ts'

let t: TestApp
beforeAll(async () => {
  t = await startTestApp()
})
afterAll(() => t.close())

describe('a refused click says why without showing a call that is not yours', () => {
  it('bob’s 409 on alice’s offer shows neither her caller’s number nor their name', async () => {
    const alice = await agentOnline(t, 'alice', { autoAnswer: false })
    await t.app.simulator.placeInboundCall({ from: '+15556660001', callerName: 'Secret Caller' })
    const offer = await alice.live.next(isOffer)
    const callId = callIdFrom(offer)
    const bob = await t.loggedIn('bob')

    for (const action of ['accept', 'decline', 'end']) {
      const response = await bob.htmxPost(`/calls/${callId}`, { action, version: versionFrom(offer) })
      expect(response.status).toBe(409)
      const body = await response.text()
      expect(body).toContain('Another agent has this call.')
      expect(body).not.toContain('+15556660001')
      expect(body).not.toContain('Secret Caller')
    }
    await alice.close()
  })

  it('looping over call ids with any version lists no other agent’s callers', async () => {
    const bob = await t.loggedIn('bob')
    const last = (await t.prisma.call.aggregate({ _max: { id: true } }))._max.id ?? 0
    const bodies = await Promise.all(Array.from({ length: last + 3 }, (_, i) => bob.htmxPost(`/calls/${i + 1}`, { action: 'end', version: '0' }).then(async (r) => [r.status, await r.text()] as const)))
    for (const [status, body] of bodies) {
      expect([404, 409]).toContain(status)
      expect(body).not.toContain('+15556660001')
      expect(body).not.toContain('Secret Caller')
    }
  })

  it('answers an id beyond a 32-bit integer, or a version beyond it, with 4xx and no server error', async () => {
    const alice = await t.loggedIn('alice')
    expect((await alice.htmxPost('/calls/99999999999', { action: 'accept', version: '0' })).status).toBe(404)
    expect((await alice.htmxPost('/calls/1', { action: 'accept', version: '99999999999' })).status).toBe(400)
    expect((await alice.htmxPost('/calls/1', { action: 'accept', version: 'x' })).status).toBe(400)
    expect((await alice.htmxPost('/calls/1', { action: 'steal', version: '1' })).status).toBe(400)
  })
})
