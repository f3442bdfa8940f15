import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestApp, type TestApp } from '../../support/app.ts'
import { agentOnline, isOffer } from '../../support/agents.ts'
import { openLive } from '../../support/live.ts'
import { createSession, sessionCookie } from '../../../src/agents/sessions.ts'

let t: TestApp
beforeAll(async () => {
  t = await startTestApp()
})
afterAll(() => t.close())

const closed = (socket: { once(event: 'close', listener: (code: number) => void): unknown }) => new Promise<number>((resolve) => socket.once('close', resolve))

describe('a panel’s websocket lives no longer than its session', () => {
  it('closes when the session logs out, and the agent is offered nothing more', async () => {
    const alice = await agentOnline(t, 'alice')
    const closing = closed(alice.live.socket)
    const logout = await alice.browser.post('/logout', { _csrf: alice.browser.csrfToken ?? '' })
    expect(logout.status).toBe(303)
    expect(await closing).toBe(4001)
    await expect.poll(() => t.prisma.connection.count({ where: { agentId: alice.id } })).toBe(0)

    await t.app.simulator.placeInboundCall({ from: '+15554440001' })
    await expect(alice.live.next(isOffer, 1000)).rejects.toThrow('no matching live message')
    expect(await t.prisma.call.count({ where: { agentId: alice.id, status: 'offered' } })).toBe(0)
    alice.device.destroy()
    await t.prisma.call.updateMany({ where: { status: { not: 'ended' } }, data: { status: 'ended' } })
  })

  it('closes when the session expires', async () => {
    const session = await createSession(t.prisma, t.agents.bob.id)
    await t.prisma.session.update({ where: { id: session.id }, data: { expiresAt: new Date(Date.now() + 1500) } })
    const cookie = `${sessionCookie}=${encodeURIComponent(t.app.signCookie(session.id))}`
    const live = await openLive(t.url, { cookie })
    expect(await closed(live.socket)).toBe(4001)
    await expect(openLive(t.url, { cookie })).rejects.toThrow('upgrade refused: 401')
  })

  it('leaves the other sessions of the same agent open', async () => {
    const first = await t.loggedIn('alice')
    const second = await t.loggedIn('alice')
    const [one, two] = await Promise.all([openLive(t.url, { cookie: first.cookieHeader }), openLive(t.url, { cookie: second.cookieHeader })])
    const closing = closed(one.socket)
    await first.post('/logout', { _csrf: first.csrfToken ?? '' })
    expect(await closing).toBe(4001)
    expect(two.socket.readyState).toBe(two.socket.OPEN)
    await two.close()
  })
})
