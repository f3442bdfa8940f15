import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestApp, type TestApp } from '../../support/app.ts'
import type { TestClient } from '../../support/http.ts'
import { alicesBusyDial, carolsCall, davesAbandonedCall, ourNumber, timelineOf } from './fixtures.ts'

let t: TestApp
let admin: TestClient
const calls = { carol: 0, busy: 0, dave: 0 }
beforeAll(async () => {
  t = await startTestApp()
  admin = await t.loggedIn('admin')
  calls.carol = await carolsCall(t.prisma, t.agents)
  calls.busy = await alicesBusyDial(t.prisma, t.agents)
  calls.dave = await davesAbandonedCall(t.prisma, t.agents)
})
afterAll(() => t.close())

async function numberPage(number: string) {
  const response = await admin.get(`/admin/numbers/${encodeURIComponent(number)}`)
  expect(response.status).toBe(200)
  return response.text()
}

describe('GET /admin/numbers/:number', () => {
  it("shows a declined-then-answered call's whole timeline in order, with who and how long", async () => {
    const html = await numberPage('+15550101')
    expect(timelineOf(html, calls.carol)).toEqual(['received', 'offered', 'declined', 'offered', 'accepted', 'connected', 'ended'])
    const rows = [...html.matchAll(/<tr data-event="(\w+)">[\s\S]*?<\/tr>/g)].map((row) => row[0])
    expect(rows[1]).toContain('Alice Agent')
    expect(rows[2]).toContain('Declined')
    expect(rows[2]).toContain('Alice Agent')
    expect(rows[3]).toContain('Bob Agent')
    expect(rows[0]).toContain('caller name: Carol Caller')
    expect(rows[0]).not.toContain('CA1')
    expect(html).toMatch(/Wait <span data-wait>0:10<\/span> · Talk <span data-talk>1:00<\/span>/)
    expect(html).toContain('<time datetime="2025-03-10T09:00:05.000Z" data-local>2025-03-10 09:00:05 UTC</time>')
  })

  it('lists every call from or to the number, newest first, and links each number to its timeline', async () => {
    const html = await numberPage(ourNumber)
    expect([...html.matchAll(/<article id="call-(\d+)"/g)].map((match) => Number(match[1]))).toEqual([calls.dave, calls.busy, calls.carol])
    expect(html).toContain(`href="/admin/numbers/${encodeURIComponent('+442071234567')}"`)
    expect(html).toContain('href="/admin/numbers/%2B15550303"')
  })

  it('names event types it does not know and shows their details as they are', async () => {
    const html = await numberPage('+442071234567')
    expect(timelineOf(html, calls.busy)).toEqual(['dialing', 'ringing', 'busy'])
    expect(html).toContain('<td>Dialing</td>')
    expect(html).toContain('sip code: 180')
    expect(html).toMatch(/Wait <span data-wait>0:20<\/span> · Talk <span data-talk>—<\/span>/)
  })

  it("says when the agent's browser did not answer and how the caller left", async () => {
    const html = await numberPage('+15550303')
    expect(timelineOf(html, calls.dave)).toEqual(['received', 'offered', 'accepted', 'agent_dialed', 'agent_missed', 'abandoned'])
    expect(html).toContain("Agent&#39;s browser did not answer")
    expect(html).toContain('<td>no answer</td>')
    expect(html).toContain('source: status-callback')
    expect(html).toContain('identity: agent-alice')
  })

  it('shows an empty history for a number nobody called', async () => {
    expect(await numberPage('+10000000000')).toContain('No calls from or to this number.')
  })

  it('answers 400 for a page that is not a number', async () => {
    const response = await admin.get('/admin/numbers/%2B15550101?page=first')
    expect(response.status).toBe(400)
    expect(await response.text()).toContain('Page is a number.')
  })
})
