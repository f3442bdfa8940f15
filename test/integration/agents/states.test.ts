import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestApp, type TestApp } from '../../support/app.ts'
import { agentOnline, callIdFrom, isOffer, versionFrom } from '../../support/agents.ts'

let t: TestApp
beforeAll(async () => {
  t = await startTestApp()
})
afterAll(() => t.close())

const changes = (agentId: number) => t.prisma.agentStateChange.findMany({ where: { agentId }, orderBy: { id: 'asc' }, select: { presence: true, reason: true, createdAt: true } })

describe('agent states with reasons', () => {
  it('records every change of Available, Away (with an admin-defined reason) and Offline with its time', async () => {
    const alice = await t.loggedIn('alice')
    const panel = await (await alice.get('/panel')).text()
    expect(panel).toContain('<option value="Lunch">Lunch</option>')
    expect(panel).toContain('>Away</button>')

    expect(await (await alice.htmxPost('/presence', { presence: 'online' })).text()).toContain('Available')
    const away = await alice.htmxPost('/presence', { presence: 'away', reason: 'Lunch' })
    expect(away.status).toBe(200)
    expect(await away.text()).toMatch(/Away · <span class="away-reason">Lunch<\/span>/)
    expect((await alice.htmxPost('/presence', { presence: 'away', reason: 'Nap' })).status).toBe(422)
    expect((await alice.htmxPost('/presence', { presence: 'offline' })).status).toBe(200)

    const rows = await changes(t.agents.alice.id)
    expect(rows.map(({ presence, reason }) => [presence, reason])).toEqual([['online', null], ['away', 'Lunch'], ['offline', null]])
    expect(rows[0]!.createdAt.getTime()).toBeLessThanOrEqual(rows[2]!.createdAt.getTime())
    expect(await t.prisma.agent.findUniqueOrThrow({ where: { id: t.agents.alice.id } })).toMatchObject({ presence: 'offline', awayReason: null, presenceSince: rows[2]!.createdAt })
  })

  it('records why the app set an agent away: an offer nobody answered', async () => {
    const bob = await agentOnline(t, 'bob', { autoAnswer: false })
    await t.app.simulator.placeInboundCall({ from: '+15554440001' })
    const offer = await bob.live.next(isOffer)
    await t.app.calls.expireOffer(callIdFrom(offer), bob.id, Number(versionFrom(offer)))
    expect(await bob.live.next((html) => html.includes('id="presence"') && html.includes('Missed an offer'))).toContain('Away')
    expect((await changes(bob.id)).at(-1)).toMatchObject({ presence: 'away', reason: 'Missed an offer' })
    await bob.close()
  })
})
