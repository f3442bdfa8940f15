import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestApp, type TestApp } from '../../support/app.ts'
import { agentOnline, callIdFrom, isOffer, isRemoval, isStatus, versionFrom, type OnlineAgent } from '../../support/agents.ts'
import type { TestClient } from '../../support/http.ts'

let t: TestApp
let alice: OnlineAgent
let admin: TestClient
beforeAll(async () => {
  t = await startTestApp({ env: { WRAP_UP_SECONDS: '120' } })
  alice = await agentOnline(t, 'alice')
  admin = await t.loggedIn('admin')
})
afterAll(async () => {
  await alice.close()
  await t.close()
})

const offerOf = (callId: number) => (html: string) => isOffer(html) && html.includes(`id="call-${callId}"`)
const isWrapUp = (callId: number) => (html: string) => html.includes(`id="call-${callId}"`) && html.includes('name="disposition"')

/** A caller alice answers and ends: her card becomes the wrap-up card. */
async function answerAndEnd(from: string): Promise<{ callId: number; wrapUp: string }> {
  const before = alice.live.messages.length
  await t.app.simulator.placeInboundCall({ from })
  const offer = await alice.live.next((html) => isOffer(html) && alice.live.messages.indexOf(html) >= before)
  const callId = callIdFrom(offer)
  expect((await alice.browser.htmxPost(`/calls/${callId}`, { action: 'accept', version: versionFrom(offer) })).status).toBe(200)
  const talking = await alice.live.next(isStatus(callId, 'in_progress'))
  expect((await alice.browser.htmxPost(`/calls/${callId}`, { action: 'end', version: versionFrom(talking) })).status).toBe(200)
  return { callId, wrapUp: await alice.live.next(isWrapUp(callId)) }
}

async function waitingCaller(from: string): Promise<number> {
  const { sid } = await t.app.simulator.placeInboundCall({ from })
  for (let i = 0; i < 100; i++) {
    const call = await t.prisma.call.findUnique({ where: { twilioSid: sid } })
    if (call) return call.id
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
  throw new Error('the call never arrived')
}

describe('wrap-up (after-call work)', () => {
  it('holds the agent until Done, requires a disposition when the team says so, and keeps notes escaped everywhere', async () => {
    const { callId, wrapUp } = await answerAndEnd('+15553330001')
    expect(wrapUp).toContain('<select id="disposition-')
    expect(wrapUp).toContain('<textarea id="notes-')
    expect(wrapUp).toContain('>Done</button>')
    expect(wrapUp).toContain('Wrap-up <time data-since=')

    const next = await waitingCaller('+15553330002')
    expect(await t.app.calls.route()).toBe(0)
    expect((await t.prisma.call.findUniqueOrThrow({ where: { id: next } })).status).toBe('queued')
    const board = await (await admin.get('/admin/live')).text()
    expect(board).toContain('data-wrap-up')
    // The board: queue length and longest wait, today's service level and abandon rate, agents by state with time in state.
    expect(board).toMatch(/<tr data-queue="none"><th scope="row">No queue<\/th><td data-waiting>1<\/td><td><time data-since=/)
    expect(board).toMatch(/Service level today \(20 s\)<\/dt><dd>100%<\/dd>/)
    expect(board).toMatch(/Abandon rate today<\/dt><dd>0%<\/dd>/)
    expect(board).toMatch(/Agents Available<\/dt><dd>1<\/dd>/)
    expect(board).toContain('<figure class="report-chart" id="board-waits">')
    expect(board).toMatch(/<tr><th scope="row">0–10 s<\/th><td>1<\/td><td>0<\/td><td>1<\/td><\/tr>/)
    expect(board).toMatch(new RegExp(`id="board-agent-${alice.id}" data-presence="online">[\\s\\S]*?Available<\\/span><\\/td>\\s*<td><time data-since=`))

    const settings = await admin.get('/admin/settings')
    const csrf = /name="_csrf" value="([^"]+)"/.exec(await settings.text())![1]!
    expect((await admin.post('/admin/settings', { _csrf: csrf, dispositions: 'Resolved\nFollow-up needed\nWrong number', dispositionRequired: 'on', awayReasons: 'Break\nLunch\nTraining' })).status).toBe(303)

    const version = versionFrom(wrapUp)
    const missing = await alice.browser.htmxPost(`/calls/${callId}/wrap-up`, { version, disposition: '', notes: 'kept as typed' })
    expect(missing.status).toBe(422)
    const refused = await missing.text()
    expect(refused).toContain('Choose a disposition')
    expect(refused).toContain('kept as typed')
    expect((await alice.browser.htmxPost(`/calls/${callId}/wrap-up`, { version, disposition: 'Made up' })).status).toBe(422)
    expect((await t.prisma.call.findUniqueOrThrow({ where: { id: next } })).status).toBe('queued')

    const notes = '<script>alert("x")</script> caller said, "call me" \n tomorrow'
    const done = await alice.browser.htmxPost(`/calls/${callId}/wrap-up`, { version, disposition: 'Follow-up needed', notes })
    expect(done.status).toBe(200)
    expect(await alice.live.next(isRemoval(callId))).toContain('hx-target="#recent_calls"')
    expect(await alice.live.next(offerOf(next))).toBeTruthy()
    expect(await t.prisma.call.findUniqueOrThrow({ where: { id: callId } })).toMatchObject({ disposition: 'Follow-up needed', notes, wrapUpDoneAt: expect.any(Date) })
    expect((await alice.browser.htmxPost(`/calls/${callId}/wrap-up`, { version, disposition: 'Resolved' })).status).toBe(409)

    const list = await (await admin.get('/admin/calls?notes=CALL+ME')).text()
    const timeline = await (await admin.get(`/admin/numbers/${encodeURIComponent('+15553330001')}?notes=follow-up`)).text()
    for (const page of [list, timeline]) {
      expect(page).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;')
      expect(page).not.toContain('<script>alert')
      expect(page).toContain('Follow-up needed')
    }
    expect(await (await admin.get('/admin/calls?notes=nothing+like+this')).text()).toContain('No calls match.')
    expect(await (await admin.get(`/admin/numbers/${encodeURIComponent('+15553330001')}?notes=nothing+like+this`)).text()).not.toContain(`id="call-${callId}"`)
  })

  it('ends a wrap-up nobody finished at its time, and the agent is offered calls again', async () => {
    const current = await t.prisma.call.findFirstOrThrow({ where: { agentId: alice.id, status: 'offered' } })
    const accepted = await alice.browser.htmxPost(`/calls/${current.id}`, { action: 'accept', version: String(current.version) })
    expect(accepted.status).toBe(200)
    const talking = await alice.live.next(isStatus(current.id, 'in_progress'))
    expect((await alice.browser.htmxPost(`/calls/${current.id}`, { action: 'end', version: versionFrom(talking) })).status).toBe(200)
    await alice.live.next(isWrapUp(current.id))

    const next = await waitingCaller('+15553330003')
    expect(await t.app.calls.route()).toBe(0)
    // The wrap-up's time runs out (moved back rather than waited for); the sweep ends it as a lost timer would.
    await t.prisma.call.update({ where: { id: current.id }, data: { wrapUpEndsAt: new Date(Date.now() - 1000) } })
    await t.app.calls.expireStaleWrapUps()
    expect(await alice.live.next(isRemoval(current.id))).toBeTruthy()
    expect(await alice.live.next(offerOf(next))).toBeTruthy()
    const timedOut = await t.prisma.callEvent.findFirst({ where: { callId: current.id, type: 'wrap_up_timed_out' } })
    expect(timedOut).not.toBeNull()
  })
})
