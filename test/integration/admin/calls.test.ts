import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestApp, type TestApp } from '../../support/app.ts'
import type { TestClient } from '../../support/http.ts'
import { callIdsOn, ourNumber, seedRecord } from './fixtures.ts'

let t: TestApp
let admin: TestClient
let calls: Awaited<ReturnType<typeof seedRecord>>
let bulk: number[] = []
beforeAll(async () => {
  t = await startTestApp()
  admin = await t.loggedIn('admin')
  calls = await seedRecord(t.prisma, t.agents)
  bulk = await seedRobocalls(55)
})
afterAll(() => t.close())

/** 55 short calls from one robocaller, a minute apart on 2024-01-01, oldest first. */
async function seedRobocalls(count: number): Promise<number[]> {
  const rows = Array.from({ length: count }, (_, minute) => ({
    direction: 'inbound' as const,
    status: 'ended' as const,
    endReason: 'abandoned' as const,
    from: '+17770001234',
    to: ourNumber,
    createdAt: new Date(Date.UTC(2024, 0, 1, 0, minute)),
  }))
  const created = await t.prisma.call.createManyAndReturn({ data: rows, select: { id: true } })
  return created.map((call) => call.id)
}

async function listed(query: string): Promise<number[]> {
  const response = await admin.get(`/admin/calls${query}`)
  expect(response.status).toBe(200)
  return callIdsOn(await response.text())
}

describe('GET /admin/calls', () => {
  it('lists every call newest first with a filter form', async () => {
    const response = await admin.get('/admin/calls')
    const html = await response.text()
    expect(callIdsOn(html).slice(0, 4)).toEqual([calls.erin, calls.dave, calls.busy, calls.carol])
    expect(html).toContain('<form method="get" action="/admin/calls" class="filters">')
    expect(html).toContain('Page 1 of 2 · 59 calls')
  })

  it('filters by direction', async () => {
    expect(await listed('?direction=outbound')).toEqual([calls.busy])
  })

  it('filters by agent: calls they handled and calls they were offered', async () => {
    expect(await listed(`?agent=${t.agents.alice.id}`)).toEqual([calls.erin, calls.dave, calls.busy, calls.carol])
    expect(await listed(`?agent=${t.agents.bob.id}`)).toEqual([calls.carol])
  })

  it('filters by end reason', async () => {
    expect(await listed('?reason=completed')).toEqual([calls.erin, calls.carol])
    expect(await listed('?reason=busy')).toEqual([calls.busy])
  })

  it('filters by a UTC date range, both days included', async () => {
    expect(await listed('?from=2025-03-11&to=2025-03-14')).toEqual([calls.dave, calls.busy])
    expect(await listed('?from=2025-03-15')).toEqual([calls.erin])
    expect(await listed('?to=2025-03-10')).toEqual([calls.carol, ...bulk.slice(-49).reverse()])
  })

  it('searches numbers by digits anywhere in from or to, ignoring formatting', async () => {
    expect(await listed('?number=%2B1+(555)+0303')).toEqual([calls.dave])
    expect(await listed('?number=2071234')).toEqual([calls.busy])
    expect(await listed('?number=5550')).toEqual([calls.erin, calls.dave, calls.carol])
  })

  it('combines filters and keeps them in the form', async () => {
    const html = await (await admin.get(`/admin/calls?direction=inbound&agent=${t.agents.alice.id}&reason=abandoned&from=`)).text()
    expect(callIdsOn(html)).toEqual([calls.dave])
    expect(html).toContain('<option value="inbound" selected>')
    expect(html).toContain('<option value="abandoned" selected>')
    expect(html).toContain(`<option value="${t.agents.alice.id}" selected>`)
  })

  it('pages 50 at a time and keeps the filters in the page links', async () => {
    const first = await (await admin.get('/admin/calls?number=1777')).text()
    expect(callIdsOn(first)).toEqual(bulk.slice(5).reverse())
    expect(first).toContain('Page 1 of 2 · 55 calls')
    expect(first).toContain('<a rel="next" href="/admin/calls?number=1777&amp;page=2">')
    expect(first).not.toContain('rel="prev"')

    const second = await (await admin.get('/admin/calls?number=1777&page=2')).text()
    expect(callIdsOn(second)).toEqual(bulk.slice(0, 5).reverse())
    expect(second).toContain('<a rel="prev" href="/admin/calls?number=1777">')
    expect(second).not.toContain('rel="next"')
  })

  it('shows an empty page past the last one', async () => {
    const html = await (await admin.get('/admin/calls?number=1777&page=9')).text()
    expect(callIdsOn(html)).toEqual([])
    expect(html).toContain('No calls match.')
  })

  it.each([
    ['?direction=sideways', 'Direction is inbound or outbound.'],
    ['?from=2025-13-45', 'Dates look like 2025-01-31.'],
    ['?from=2025-03-12&to=2025-03-10', 'The &quot;to&quot; date is before the &quot;from&quot; date.'],
    ['?number=abc', 'Search by the digits of a number.'],
    ['?agent=alice', 'Pick an agent from the list.'],
    ['?reason=bored', 'Pick an end reason from the list.'],
    ['?page=0', 'Pages start at 1.'],
  ])('answers %s with 400 and the form saying what is wrong', async (query, message) => {
    const response = await admin.get(`/admin/calls${query}`)
    expect(response.status).toBe(400)
    const html = await response.text()
    expect(html).toContain(message)
    expect(html).toContain('<form method="get" action="/admin/calls"')
    expect(callIdsOn(html)).toEqual([])
  })
})
