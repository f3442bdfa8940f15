import { describe, expect, it } from 'vitest'
import { Holding } from '../../../src/calls/holding.ts'
import type { FrontDoorConfig, QueueConfig } from '../../../src/front-door/front-door.ts'
import type { Place, Waiting } from '../../../src/calls/waiting.ts'
import type { EdgeName } from '../../../src/calls/lifecycle.ts'

const support: QueueConfig = { id: 7, name: 'Support', greeting: '', holdMusicUrl: 'http://example.test/m.mp3', maxWaitSeconds: 120, overflowAction: 'voicemail', announceEverySeconds: 30 }

/** The hold loop's decisions, with the configuration and the caller's place given and the edges it applies recorded. */
function holding(place: Partial<Place>, queue: QueueConfig = support) {
  const applied: EdgeName[] = []
  const config: FrontDoorConfig = { queues: new Map([[queue.id, queue]]), menus: new Map(), hours: null }
  const waiting = { place: async () => ({ id: 1, status: 'queued', queueId: queue.id, position: 2, online: 1, ...place }), averageWait: async () => 200 } as unknown as Waiting
  const calls = { apply: async (name: EdgeName) => (applied.push(name), { id: 1 }) } as never
  return { hold: new Holding({ calls, frontDoor: { config: async () => config }, waiting }), applied }
}

describe('the hold loop of a configured queue', () => {
  it('says the place and estimated wait on the first pass, then every announceEverySeconds of waiting', async () => {
    const { hold } = holding({})
    expect(await hold.hold('CA1', 7, 0, undefined)).toMatchObject({ kind: 'music', announcement: { position: 2, minutes: 3 }, nextAnnounceAt: 30 })
    expect(await hold.hold('CA1', 7, 12, 30)).toMatchObject({ announcement: null, nextAnnounceAt: 30 })
    expect(await hold.hold('CA1', 7, 31, 30)).toMatchObject({ announcement: { position: 2 }, nextAnnounceAt: 61 })
  })

  it('announces once when the interval is 0', async () => {
    const { hold } = holding({}, { ...support, announceEverySeconds: 0 })
    const first = await hold.hold('CA1', 7, 0, undefined)
    expect(first).toMatchObject({ announcement: { position: 2 } })
    expect(await hold.hold('CA1', 7, 100, first?.kind === 'music' ? first.nextAnnounceAt : 0)).toMatchObject({ announcement: null })
  })

  it('overflows at the longest wait (voicemail or a call back), and sends a caller whose agents all left to voicemail', async () => {
    const voicemail = holding({})
    expect(await voicemail.hold.hold('CA1', 7, 120, 150)).toEqual({ kind: 'leave' })
    expect(voicemail.applied).toEqual(['overflowed'])
    const callback = holding({}, { ...support, overflowAction: 'callback' })
    expect(await callback.hold.hold('CA1', 7, 121, 150)).toEqual({ kind: 'leave' })
    expect(callback.applied).toEqual(['overflowed_to_callback'])
    const alone = holding({ online: 0 })
    expect(await alone.hold.hold('CA1', 7, 5, 30)).toEqual({ kind: 'leave' })
    expect(alone.applied).toEqual(['no_agents'])
  })

  it('leaves an offered caller holding (their agent may answer), and plain music for a call it does not know', async () => {
    const offered = holding({ status: 'offered', online: 0 })
    expect(await offered.hold.hold('CA1', 7, 500, 30)).toMatchObject({ kind: 'music' })
    expect(offered.applied).toEqual([])
    expect(await holding({ queueId: 8 }).hold.hold('CA1', 7, 0, undefined)).toBeNull()
    expect(await holding({}).hold.hold('CA1', 99, 0, undefined)).toBeNull()
  })
})
