import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestApp, type TestApp } from '../../support/app.ts'
import { agentOnline, callIdFrom, isOffer } from '../../support/agents.ts'

let t: TestApp
beforeAll(async () => {
  t = await startTestApp()
})
afterAll(() => t.close())

const huge = 'x'.repeat(200_000)
const hostileValues = ['', huge, 'a\u0000b', '99999999999', '-1', '1.5', 'NaN', '[object Object]', '<script>alert(1)</script>']

/** Every value of a form field, alone, on a route: the answer is a 4xx (or the page), never a 5xx, and says why. */
async function probe(send: (value: string) => Promise<Response>): Promise<number[]> {
  const statuses: number[] = []
  for (const value of hostileValues) {
    const response = await send(value)
    const body = await response.text()
    expect(response.status, `${JSON.stringify(value.slice(0, 20))} → ${response.status}: ${body.slice(0, 200)}`).toBeLessThan(500)
    expect(body).not.toContain('<script>alert(1)</script>')
    statuses.push(response.status)
  }
  return statuses
}

describe('the routes of hold, transfer, supervision, recordings, wrap-up and reports under hostile input', () => {
  it('answer huge, empty, NUL, wrong-type and out-of-range values with 4xx, and another agent’s call without its caller', async () => {
    const alice = await agentOnline(t, 'alice', { autoAnswer: false })
    await t.app.simulator.placeInboundCall({ from: '+15557770001', callerName: 'Private Person' })
    const callId = callIdFrom(await alice.live.next(isOffer))
    const bob = await t.loggedIn('bob')
    const admin = await t.loggedIn('admin')

    for (const field of ['action', 'version', 'to']) {
      const base = { action: 'transfer', version: '1', to: String(t.agents.bob.id) }
      expect(await probe((value) => bob.htmxPost(`/calls/${callId}`, { ...base, [field]: value }))).not.toContain(200)
    }
    for (const field of ['version', 'disposition', 'notes']) {
      const base = { version: '1', disposition: 'Resolved', notes: 'n' }
      expect(await probe((value) => bob.htmxPost(`/calls/${callId}/wrap-up`, { ...base, [field]: value }))).not.toContain(200)
    }
    await probe((value) => bob.get(`/calls/${encodeURIComponent(value)}/transfer-targets`))
    await probe((value) => bob.get(`/calls/${callId}/recordings/${encodeURIComponent(value)}`))
    await probe((value) => admin.htmxPost(`/admin/calls/${callId}/supervision`, { mode: value }))
    await probe((value) => admin.htmxPost(`/admin/calls/${encodeURIComponent(value)}/supervision`, { mode: 'listen' }))
    await probe((value) => bob.htmxPost('/presence', { presence: 'away', reason: value }))
    await probe((value) => bob.htmxPost('/presence', { presence: value }))
    for (const field of ['dispositions', 'awayReasons', 'dispositionRequired']) {
      await probe((value) => admin.htmxPost('/admin/settings', { [field]: value }))
    }
    for (const param of ['from', 'to', 'queue', 'zone']) {
      await probe((value) => admin.get(`/admin/reports?${param}=${encodeURIComponent(value)}`))
      await probe((value) => admin.get(`/admin/reports/figures.csv?${param}=${encodeURIComponent(value)}`))
      await probe((value) => admin.get(`/admin/reports/calls.csv?${param}=${encodeURIComponent(value)}`))
    }

    // Bob's clicks on Alice's call never show her caller.
    for (const path of [`/calls/${callId}`, `/calls/${callId}/wrap-up`]) {
      const response = await bob.htmxPost(path, { action: 'hold', version: '1', disposition: '', notes: '' })
      expect([403, 404, 409]).toContain(response.status)
      const body = await response.text()
      expect(body).not.toContain('+15557770001')
      expect(body).not.toContain('Private Person')
    }
    // Nothing was lost: Alice's offer still stands, as it was.
    expect(await t.prisma.call.findUniqueOrThrow({ where: { id: callId }, select: { status: true, agentId: true } })).toEqual({ status: 'offered', agentId: t.agents.alice.id })
    await alice.close()
  })
})
