import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startCluster, type Cluster, type Instance } from '../../support/instances.ts'
import { TestClient } from '../../support/http.ts'
import { callIdFrom, isOffer, isRemoval, isStatus, panelOnline, versionFrom, type OnlineAgent } from '../../support/agents.ts'
import { query } from '../db/sql.ts'

const serverUrl = process.env.TEST_DATABASE_URL ?? ''
/** Shorter than the 5 s routing sweep: an offer that only a sweep delivers does not count. */
const pushWithinMs = 4000

/**
 * Three `src/main.ts` processes on one PostgreSQL. Twilio's webhooks all land on B (the front door sends
 * everything there); agents' panels and Devices are on A and C.
 */
describe.skipIf(!serverUrl)('several instances on one PostgreSQL (needs TEST_DATABASE_URL)', () => {
  let cluster: Cluster
  let a: Instance, b: Instance, c: Instance
  let alice: OnlineAgent
  const agentId = async (email: string) => (await cluster.prisma.agent.findUniqueOrThrow({ where: { email } })).id

  async function panelOn(instance: Instance, email: string): Promise<OnlineAgent> {
    const browser = new TestClient(instance.url)
    expect((await browser.login(email)).status).toBe(303)
    return panelOnline(instance.url, browser, await agentId(email), { simulatorUrl: cluster.sim.url, origin: cluster.door.url })
  }

  const placeCall = (from: string) => cluster.sim.server.simulator.placeInboundCall({ from })

  beforeAll(async () => {
    cluster = await startCluster(serverUrl, { PANEL_HEARTBEAT_SECONDS: '0.5', PANEL_TTL_SECONDS: '2' })
    ;[a, b, c] = (await Promise.all(['A', 'B', 'C'].map((name) => cluster.start(name)))) as [Instance, Instance, Instance]
    cluster.door.routeTo(b.url)
    alice = await panelOn(a, 'alice@example.com')
  }, 180_000)
  afterAll(async () => {
    alice?.device.destroy()
    await cluster?.close()
  })

  it('offers a call whose webhook reached B on the panel on A, shows Accept’s in-progress card on A, and removes it when the caller hangs up', async () => {
    const started = performance.now()
    const { sid } = await placeCall('+15553330001')
    const offer = await alice.live.next(isOffer, pushWithinMs)
    console.log(`webhook on B → offer on A (first call of fresh processes): ${(performance.now() - started).toFixed(1)} ms`)
    const callId = callIdFrom(offer)

    const accepted = await alice.browser.htmxPost(`/calls/${callId}`, { action: 'accept', version: versionFrom(offer) })
    expect(accepted.status).toBe(200)
    await alice.live.next(isStatus(callId, 'in_progress'), pushWithinMs)
    expect(cluster.sim.server.simulator.getCall(sid)?.status).toBe('in-progress')

    cluster.sim.server.simulator.hangUp(sid)
    await alice.live.next(isRemoval(callId), pushWithinMs)
    expect(await cluster.prisma.call.findUniqueOrThrow({ where: { id: callId } })).toMatchObject({ status: 'ended', endReason: 'completed', agentId: alice.id })
  })

  it('still pushes after the LISTEN connections are terminated, and re-sends the panel first', async () => {
    const listeners = () => query<{ pid: number }>(cluster.database.url, `SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND application_name = 'switchboard live'`)
    const before = (await listeners()).map((row) => row.pid)
    expect(before).toHaveLength(3)
    alice.live.messages.length = 0
    await query(cluster.database.url, `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND application_name = 'switchboard live'`)

    await alice.live.next((html) => html.includes('hx-target="#call_container"'), 15_000)
    await expect.poll(async () => (await listeners()).filter((row) => !before.includes(row.pid)).length, { timeout: 15_000 }).toBe(3)
    expect(a.output.join('')).toContain('lost the PostgreSQL LISTEN connection')

    const started = performance.now()
    const { sid } = await placeCall('+15553330002')
    const offer = await alice.live.next(isOffer, pushWithinMs)
    console.log(`webhook on B → offer on A, after the LISTEN connections came back: ${(performance.now() - started).toFixed(1)} ms`)
    cluster.sim.server.simulator.hangUp(sid)
    await alice.live.next(isRemoval(callIdFrom(offer)), pushWithinMs)
  })

  it('stops offering calls to an agent whose instance was killed once the TTL has passed, and offers them to someone else', async () => {
    const bob = await panelOn(c, 'bob@example.com')
    await cluster.prisma.agent.update({ where: { id: alice.id }, data: { lastCallEndedAt: null } })
    await cluster.prisma.agent.update({ where: { id: bob.id }, data: { lastCallEndedAt: new Date() } })
    const admin = new TestClient(b.url)
    expect((await admin.login('admin@example.com')).status).toBe(303)
    const aliceOnBoard = async () => (await (await admin.get('/admin/live')).text()).match(new RegExp(`id="board-agent-${alice.id}"[\\s\\S]*?</tr>`))?.[0] ?? ''
    expect(await aliceOnBoard()).toContain('<td>connected</td>')

    const killed = performance.now()
    await a.kill()
    await expect.poll(aliceOnBoard, { timeout: 10_000, interval: 200 }).not.toContain('<td>connected</td>')
    console.log(`instance A killed → Alice no longer counts as connected: ${(performance.now() - killed).toFixed(0)} ms (TTL 2 s)`)
    expect(await aliceOnBoard()).toContain('data-presence="online"')

    const { sid } = await placeCall('+15553330003')
    const offer = await bob.live.next(isOffer, pushWithinMs)
    const call = await cluster.prisma.call.findUniqueOrThrow({ where: { id: callIdFrom(offer) }, include: { events: true } })
    expect(call.agentId).toBe(bob.id)
    expect(call.events.filter((event) => event.type === 'offered').map((event) => event.agentId)).toEqual([bob.id])
    cluster.sim.server.simulator.hangUp(sid)
    await bob.live.next(isRemoval(call.id), pushWithinMs)
    bob.device.destroy()
    await bob.live.close()
  })
})
