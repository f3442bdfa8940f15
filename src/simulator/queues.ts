import { rfc2822, secondsBetween } from './dates.ts'
import type { SimulatorEvents } from './events.ts'
import { newSid } from './sid.ts'

export interface QueueMember {
  callSid: string
  queue: Queue
  enqueuedAt: Date
}

export class Queue {
  readonly sid = newSid('QU')
  readonly dateCreated = new Date()
  dateUpdated = new Date()
  maxSize = 1000
  members: QueueMember[] = []
  #waited = { seconds: 0, count: 0 }

  constructor(readonly friendlyName: string) {}

  get isFull(): boolean {
    return this.members.length >= this.maxSize
  }

  get averageWaitTime(): number {
    return this.#waited.count ? Math.round(this.#waited.seconds / this.#waited.count) : 0
  }

  position(member: QueueMember): number {
    return this.members.indexOf(member) + 1
  }

  add(callSid: string): QueueMember {
    const member = { callSid, queue: this, enqueuedAt: new Date() }
    this.members.push(member)
    this.dateUpdated = new Date()
    return member
  }

  /** Returns false when the member had already left. */
  remove(member: QueueMember): boolean {
    const index = this.members.indexOf(member)
    if (index < 0) return false
    this.members.splice(index, 1)
    this.dateUpdated = new Date()
    this.#waited.seconds += waitTime(member)
    this.#waited.count++
    return true
  }

  find(callSidOrFront: string): QueueMember | undefined {
    if (callSidOrFront === 'Front') return this.members[0]
    return this.members.find((m) => m.callSid === callSidOrFront)
  }
}

export function waitTime(member: QueueMember): number {
  return secondsBetween(member.enqueuedAt, new Date())
}

/** Queues are created on demand by <Enqueue>, as Twilio does. */
export class QueueRegistry {
  readonly #byName = new Map<string, Queue>()

  constructor(private readonly events: SimulatorEvents) {}

  all(): Queue[] {
    return [...this.#byName.values()]
  }

  bySid(sid: string): Queue | undefined {
    return this.all().find((q) => q.sid === sid)
  }

  memberOf(callSid: string): QueueMember | undefined {
    return this.all().map((q) => q.find(callSid)).find(Boolean)
  }

  named(name: string): Queue {
    const existing = this.#byName.get(name)
    if (existing) return existing
    const queue = new Queue(name)
    this.#byName.set(name, queue)
    return queue
  }

  join(queue: Queue, callSid: string): QueueMember {
    const member = queue.add(callSid)
    this.announce(member)
    return member
  }

  leave(member: QueueMember, result: string): void {
    if (!member.queue.remove(member)) return
    this.events.emit({ type: 'queue.left', callSid: member.callSid, queue: member.queue.friendlyName, result })
    member.queue.members.forEach((m) => this.announce(m))
  }

  private announce(member: QueueMember): void {
    const queue = member.queue
    this.events.emit({ type: 'queue', callSid: member.callSid, queue: queue.friendlyName, position: queue.position(member), size: queue.members.length })
  }
}

export function queueJson(queue: Queue, accountSid: string): Record<string, unknown> {
  const uri = `/2010-04-01/Accounts/${accountSid}/Queues/${queue.sid}`
  return {
    sid: queue.sid,
    account_sid: accountSid,
    friendly_name: queue.friendlyName,
    current_size: queue.members.length,
    max_size: queue.maxSize,
    average_wait_time: queue.averageWaitTime,
    date_created: rfc2822(queue.dateCreated),
    date_updated: rfc2822(queue.dateUpdated),
    uri: `${uri}.json`,
    subresource_uris: { members: `${uri}/Members.json` },
  }
}

export function memberJson(member: QueueMember, accountSid: string): Record<string, unknown> {
  return {
    call_sid: member.callSid,
    queue_sid: member.queue.sid,
    position: member.queue.position(member),
    wait_time: waitTime(member),
    date_enqueued: rfc2822(member.enqueuedAt),
    uri: `/2010-04-01/Accounts/${accountSid}/Queues/${member.queue.sid}/Members/${member.callSid}.json`,
  }
}
