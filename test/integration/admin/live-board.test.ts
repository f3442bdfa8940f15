import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestApp, type TestApp } from '../../support/app.ts'
import { openLive } from '../../support/live.ts'
import { agentOnline, isOffer } from '../../support/agents.ts'

let t: TestApp
beforeAll(async () => {
  t = await startTestApp()
})
afterAll(() => t.close())

describe('/admin/live', () => {
  it('is for admins only', async () => {
    const alice = await t.loggedIn('alice')
    expect((await alice.get('/admin/live')).status).toBe(403)
    const admin = await t.loggedIn('admin')
    const page = await (await admin.get('/admin/live')).text()
    expect(page).toContain('hx-ws:connect="/live?board=1"')
    expect(page).toContain('Alice Agent')
  })

  it('pushes queued calls, agents and active calls to admins the moment they change', async () => {
    const admin = await t.loggedIn('admin')
    const board = await openLive(t.url, { cookie: admin.cookieHeader }, '/live?board=1')
    expect(await board.next((html) => html.includes('hx-target="#board"'))).toContain('Nobody is waiting.')

    const { sid } = await t.app.simulator.placeInboundCall({ from: '+15556660001' })
    await board.next((html) => html.includes('Waiting (1)') && html.includes('+15556660001'))

    const alice = await agentOnline(t, 'alice')
    await alice.live.next(isOffer)
    const offered = await board.next((html) => html.includes('Active calls (1)') && html.includes('data-presence="online"'))
    expect(offered).toContain('Waiting (0)')
    expect(offered).not.toContain('>Accept</button>')

    t.app.simulator.hangUp(sid)
    await board.next((html) => html.includes('Active calls (0)'))
    await alice.close()
    await board.close()
  })

  it('does not give an agent the supervisor channel', async () => {
    const alice = await t.loggedIn('alice')
    const live = await openLive(t.url, { cookie: alice.cookieHeader }, '/live?board=1')
    const first = await live.next(() => true)
    expect(first).toContain('hx-target="#call_container"')
    expect(first).not.toContain('#board')
    await live.close()
  })
})
