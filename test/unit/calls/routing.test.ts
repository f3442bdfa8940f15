import Fastify from 'fastify'
import { describe, expect, it } from 'vitest'
import { Router } from '../../../src/calls/routing.ts'

/** A router over counters: `waiting` calls to offer, `connected` says whether anyone is online with a panel. */
function router(state: { waiting: number; connected: boolean; now: number }) {
  const asked = { offerNext: 0, anyoneConnected: 0 }
  const offerNext = async () => {
    asked.offerNext++
    if (state.waiting === 0) return false
    state.waiting--
    return true
  }
  const anyoneConnected = async () => (asked.anyoneConnected++, state.connected)
  return { router: new Router(offerNext, Fastify().log, anyoneConnected, 1000, () => state.now), asked }
}

describe('the router', () => {
  it('offers until nothing is left when someone is connected', async () => {
    const state = { waiting: 3, connected: true, now: 0 }
    const { router: r, asked } = router(state)
    expect(await r.route()).toBe(3)
    expect(asked.offerNext).toBe(4)
    // Someone was connected a moment ago: the next pass goes straight to the routing statement.
    state.waiting = 1
    expect(await r.route()).toBe(1)
    expect(asked.anyoneConnected).toBe(1)
  })

  it('skips the routing statement while nobody is connected, asking again after the quiet time', async () => {
    const state = { waiting: 2, connected: false, now: 0 }
    const { router: r, asked } = router(state)
    expect(await r.route()).toBe(0)
    expect(await r.route()).toBe(0)
    expect(asked).toEqual({ offerNext: 0, anyoneConnected: 1 })
    state.connected = true
    state.now = 999
    expect(await r.route()).toBe(0)
    state.now = 1000
    expect(await r.route()).toBe(2)
    expect(asked.anyoneConnected).toBe(2)
  })

  it('routes at once when an agent comes online or opens a panel (a fresh pass), whatever it found before', async () => {
    const state = { waiting: 1, connected: false, now: 0 }
    const { router: r, asked } = router(state)
    expect(await r.route()).toBe(0)
    state.connected = true
    r.later(true)
    await expect.poll(() => state.waiting).toBe(0)
    expect(asked.anyoneConnected).toBe(2)
    r.stop()
  })
})
