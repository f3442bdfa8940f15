import type { FrontDoor, QueueConfig } from '../front-door/front-door.ts'
import type { IvrCalls } from './ivr.ts'
import type { Waiting } from './waiting.ts'

export interface HoldDeps {
  calls: Pick<IvrCalls, 'apply'>
  frontDoor: Pick<FrontDoor, 'config'>
  waiting: Waiting
}

/** What the hold loop plays: music, now and then the caller's place and the keys they may press; or they leave the queue. */
export type HoldStep =
  | { kind: 'leave' }
  | { kind: 'music'; queue: QueueConfig; announcement: Announcement | null; nextAnnounceAt: number }

export interface Announcement {
  position: number
  /** From the queue's recent average wait, in whole minutes (at least 1); null before any call was answered lately. */
  minutes: number | null
}

/** A wait no caller reaches (Twilio's counters are 32-bit): announcements that never come due again. */
const never = 2_147_483_647

/** A caller whose call already went to voicemail or a call back (say the `<Leave>` was lost) leaves now. */
const leftAlready = new Set(['voicemail', 'callback_requested'])

/** The keys a waiting caller may press (said in the hold loop). */
export const holdKeys = { voicemail: '1', callback: '2' } as const

/**
 * The Call model's facet for callers holding in a configured queue. Each pass of the hold loop checks the
 * queue's longest wait (overflow to voicemail or a call back) and whether anyone of the queue is still
 * online, and says the caller's place every `announceEverySeconds` of music.
 */
export class Holding {
  constructor(private readonly deps: HoldDeps) {}

  /** `waited` is Twilio's QueueTime; `announceAt` the wait at which the next announcement is due (absent: now). */
  async hold(callSid: string, queueId: number, waited: number, announceAt: number | undefined): Promise<HoldStep | null> {
    const queue = (await this.deps.frontDoor.config()).queues.get(queueId)
    const place = queue ? await this.deps.waiting.place(callSid) : null
    if (!queue || !place || place.queueId !== queueId) return null
    if (leftAlready.has(place.status)) return { kind: 'leave' }
    if (place.status === 'queued' && (await this.leaveQueue(place.id, queue, waited, place.online))) return { kind: 'leave' }
    const due = announceAt === undefined || (queue.announceEverySeconds > 0 && waited >= announceAt)
    const announcement = due ? { position: place.position, minutes: minutesOf(await this.deps.waiting.averageWait(queue.id)) } : null
    const every = queue.announceEverySeconds > 0 ? queue.announceEverySeconds : never
    return { kind: 'music', queue, announcement, nextAnnounceAt: due ? Math.min(waited + every, never) : announceAt! }
  }

  /** A key pressed while holding: 1 for voicemail, 2 for a call back that keeps the caller's place. True when they leave the queue. */
  async choose(callSid: string, digits: string): Promise<boolean> {
    const name = digits === holdKeys.voicemail ? 'chose_voicemail' : digits === holdKeys.callback ? 'callback_requested' : null
    return Boolean(name && (await this.deps.calls.apply(name, { twilioSid: callSid }, { data: { pressed: digits } })))
  }

  private async leaveQueue(callId: number, queue: QueueConfig, waited: number, online: number): Promise<boolean> {
    if (queue.maxWaitSeconds > 0 && waited >= queue.maxWaitSeconds) {
      const name = queue.overflowAction === 'callback' ? 'overflowed_to_callback' : 'overflowed'
      return Boolean(await this.deps.calls.apply(name, callId, { data: { waited, queue: queue.name, then: queue.overflowAction } }))
    }
    return online === 0 && Boolean(await this.deps.calls.apply('no_agents', callId, { data: { queue: queue.name } }))
  }
}

function minutesOf(seconds: number | null): number | null {
  return seconds === null ? null : Math.max(1, Math.round(seconds / 60))
}
