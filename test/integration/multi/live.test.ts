import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestApp, type TestApp } from '../../support/app.ts'
import { freshPostgres, type TestDatabase } from '../../support/database.ts'
import { openLive } from '../../support/live.ts'
import { hiddenField } from '../../support/http.ts'

const serverUrl = process.env.TEST_DATABASE_URL ?? ''

/** What is per socket but decided elsewhere: logouts and the supervisor board, across two instances. */
describe.skipIf(!serverUrl)('live channels across instances (needs TEST_DATABASE_URL)', () => {
  let database: TestDatabase
  let one: TestApp, two: TestApp
  beforeAll(async () => {
    database = await freshPostgres(serverUrl)
    const env = { PANEL_HEARTBEAT_SECONDS: '0.2', PANEL_TTL_SECONDS: '1' }
    one = await startTestApp({ database, env })
    two = await startTestApp({ database, env })
  }, 120_000)
  afterAll(async () => {
    await Promise.all([one?.close(), two?.close()])
    await database?.close()
  })

  it('closes a session’s sockets on one instance when it logs out on the other', async () => {
    const alice = await two.loggedIn('alice')
    const panel = await openLive(one.url, { cookie: alice.cookieHeader })
    await panel.next((html) => html.includes('Connected'))
    const closed = new Promise<number>((resolve) => panel.socket.once('close', (code) => resolve(code)))
    const page = await (await alice.get('/panel')).text()
    expect((await alice.post('/logout', { _csrf: hiddenField(page, '_csrf') })).status).toBe(303)
    expect(await closed).toBe(4001)
  })

  it('keeps an admin’s board on one instance current with panels on the other, and drops a dead instance’s panel after the TTL', async () => {
    const admin = await one.loggedIn('admin')
    const board = await openLive(one.url, { cookie: admin.cookieHeader }, '/live?board=1')
    const row = (html: string, agentId: number) => html.match(new RegExp(`id="board-agent-${agentId}"[\\s\\S]*?</tr>`))?.[0] ?? ''
    const { alice, bob } = two.agents
    await board.next((html) => html.includes('hx-target="#board"'))

    const now = new Date()
    await two.prisma.connection.create({ data: { id: randomUUID(), agentId: bob.id, instanceId: 'an instance that died', openedAt: now, seenAt: now } })
    const panel = await openLive(two.url, { cookie: (await two.loggedIn('alice')).cookieHeader })
    const both = await board.next((html) => row(html, alice.id).includes('<td>connected</td>') && row(html, bob.id).includes('<td>connected</td>'))
    expect(both).toContain('hx-target="#board"')

    await board.next((html) => row(html, alice.id).includes('<td>connected</td>') && !row(html, bob.id).includes('<td>connected</td>'))
    await panel.close()
    await board.next((html) => !row(html, alice.id).includes('<td>connected</td>'))
    await board.close()
  })
})
