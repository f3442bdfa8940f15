import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestApp, type TestApp } from '../../support/app.ts'
import type { TestClient } from '../../support/http.ts'
import { callIdsOn, seedRecord } from './fixtures.ts'

let t: TestApp
let admin: TestClient
let calls: Awaited<ReturnType<typeof seedRecord>>
beforeAll(async () => {
  t = await startTestApp()
  admin = await t.loggedIn('admin')
  calls = await seedRecord(t.prisma, t.agents)
})
afterAll(() => t.close())

function totals(html: string): Record<string, string> {
  return Object.fromEntries([...html.matchAll(/<dd data-total="([\w-]+)">([^<]*)<\/dd>/g)].map((match) => [match[1], match[2]]))
}

async function agentPage(id: number, query = '') {
  const response = await admin.get(`/admin/agents/${id}${query}`)
  expect(response.status).toBe(200)
  return response.text()
}

describe('GET /admin/agents/:id', () => {
  it("totals Alice's answered calls, talk time, and the offers she declined or her browser missed", async () => {
    const html = await agentPage(t.agents.alice.id)
    expect(html).toContain('<h1>Alice Agent</h1>')
    expect(totals(html)).toEqual({ answered: '1', missed: '2', declined: '1', 'no-answer': '1', talk: '2:00' })
    expect(callIdsOn(html)).toEqual([calls.erin, calls.dave, calls.busy, calls.carol])
  })

  it("totals Bob's one answered call", async () => {
    const html = await agentPage(t.agents.bob.id)
    expect(totals(html)).toEqual({ answered: '1', missed: '0', declined: '0', 'no-answer': '0', talk: '1:00' })
    expect(callIdsOn(html)).toEqual([calls.carol])
  })

  it('limits calls and totals to a date range and keeps it in the page', async () => {
    const html = await agentPage(t.agents.alice.id, '?from=2025-03-11&to=2025-03-31')
    expect(totals(html)).toEqual({ answered: '1', missed: '1', declined: '0', 'no-answer': '1', talk: '2:00' })
    expect(callIdsOn(html)).toEqual([calls.erin, calls.dave, calls.busy])
    expect(html).toContain('name="from" value="2025-03-11"')
  })

  it('answers 400 with the form for a bad date and 404 for an unknown agent', async () => {
    const bad = await admin.get(`/admin/agents/${t.agents.alice.id}?from=yesterday`)
    expect(bad.status).toBe(400)
    expect(await bad.text()).toContain('Dates look like 2025-01-31.')
    expect((await admin.get('/admin/agents/alice')).status).toBe(404)
    expect((await admin.get('/admin/agents/999999')).status).toBe(404)
  })
})
