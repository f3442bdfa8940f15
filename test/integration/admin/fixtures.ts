import type { CallDirection, EndReason, PrismaClient } from '../../../src/db/client.ts'
import type { Fixtures } from '../../support/app.ts'

export const ourNumber = '+15559990000'
export const xssName = '<script>alert(1)</script><img src=x onerror=alert(2)>'
export const xssNameEscaped = '&lt;script&gt;alert(1)&lt;/script&gt;&lt;img src=x onerror=alert(2)&gt;'

interface EventSpec {
  type: string
  /** Seconds after the call started. */
  at: number
  agentId?: number
  data?: Record<string, string>
}

interface CallSpec {
  direction: CallDirection
  from: string
  to: string
  startedAt: string
  callerName?: string
  agentId?: number
  endReason?: EndReason
  /** Seconds after the start. */
  answeredAfter?: number
  endedAfter?: number
  events?: EventSpec[]
}

/** Writes one finished call and its timeline as the call module would have; events go in newest first so order must come from time. */
export async function seedCall(prisma: PrismaClient, spec: CallSpec): Promise<number> {
  const start = new Date(spec.startedAt)
  const after = (seconds: number | undefined) => (seconds === undefined ? null : new Date(start.getTime() + seconds * 1000))
  const call = await prisma.call.create({
    data: {
      direction: spec.direction,
      status: spec.endReason ? 'ended' : 'in_progress',
      from: spec.from,
      to: spec.to,
      callerName: spec.callerName,
      agentId: spec.agentId,
      endReason: spec.endReason,
      queuedAt: spec.direction === 'inbound' ? start : null,
      answeredAt: after(spec.answeredAfter),
      endedAt: after(spec.endedAfter),
      createdAt: start,
    },
    select: { id: true },
  })
  const events = [...(spec.events ?? [])].reverse()
  await prisma.callEvent.createMany({
    data: events.map((event) => ({ callId: call.id, type: event.type, agentId: event.agentId, data: event.data ?? {}, createdAt: after(event.at) ?? start })),
  })
  return call.id
}

/** Carol rang, Alice declined, Bob took it: 10 s waiting, 60 s talking. */
export function carolsCall(prisma: PrismaClient, agents: Fixtures) {
  return seedCall(prisma, {
    direction: 'inbound',
    from: '+15550101',
    to: ourNumber,
    callerName: 'Carol Caller',
    startedAt: '2025-03-10T09:00:00Z',
    agentId: agents.bob.id,
    endReason: 'completed',
    answeredAfter: 10,
    endedAfter: 70,
    events: [
      { type: 'received', at: 0, data: { callSid: 'CA1', from: '+15550101', to: ourNumber, callerName: 'Carol Caller' } },
      { type: 'offered', at: 2, agentId: agents.alice.id },
      { type: 'declined', at: 5, agentId: agents.alice.id },
      { type: 'offered', at: 6, agentId: agents.bob.id },
      { type: 'accepted', at: 8, agentId: agents.bob.id },
      { type: 'connected', at: 10, agentId: agents.bob.id },
      { type: 'ended', at: 70, agentId: agents.bob.id },
    ],
  })
}

/** Alice dialed London; the line was busy. Uses event types the call module does not know yet. */
export function alicesBusyDial(prisma: PrismaClient, agents: Fixtures) {
  return seedCall(prisma, {
    direction: 'outbound',
    from: ourNumber,
    to: '+442071234567',
    startedAt: '2025-03-12T23:59:00Z',
    agentId: agents.alice.id,
    endReason: 'busy',
    endedAfter: 20,
    events: [
      { type: 'dialing', at: 0, agentId: agents.alice.id },
      { type: 'ringing', at: 3, data: { sipCode: '180' } },
      { type: 'busy', at: 20 },
    ],
  })
}

/** Dave waited while Alice's browser failed to answer, then gave up. */
export function davesAbandonedCall(prisma: PrismaClient, agents: Fixtures) {
  return seedCall(prisma, {
    direction: 'inbound',
    from: '+15550303',
    to: ourNumber,
    callerName: 'Dave',
    startedAt: '2025-03-14T15:00:00Z',
    endReason: 'abandoned',
    endedAfter: 45,
    events: [
      { type: 'received', at: 0, data: { callSid: 'CA3', from: '+15550303', to: ourNumber } },
      { type: 'offered', at: 1, agentId: agents.alice.id },
      { type: 'accepted', at: 3, agentId: agents.alice.id },
      { type: 'agent_dialed', at: 4, agentId: agents.alice.id, data: { identity: 'agent-alice' } },
      { type: 'agent_missed', at: 34, agentId: agents.alice.id, data: { dialStatus: 'no-answer' } },
      { type: 'abandoned', at: 45, data: { source: 'status-callback' } },
    ],
  })
}

/** Erin talked to Alice for two minutes. */
export function erinsCall(prisma: PrismaClient, agents: Fixtures) {
  return seedCall(prisma, {
    direction: 'inbound',
    from: '+15550404',
    to: ourNumber,
    callerName: 'Erin',
    startedAt: '2025-03-20T10:00:00Z',
    agentId: agents.alice.id,
    endReason: 'completed',
    answeredAfter: 5,
    endedAfter: 125,
    events: [
      { type: 'received', at: 0, data: { callSid: 'CA4', from: '+15550404', to: ourNumber } },
      { type: 'offered', at: 1, agentId: agents.alice.id },
      { type: 'accepted', at: 3, agentId: agents.alice.id },
      { type: 'connected', at: 5, agentId: agents.alice.id },
      { type: 'hung_up', at: 125, agentId: agents.alice.id, data: { source: 'status-callback' } },
    ],
  })
}

/** A caller whose name is markup, answered by Alice: every page that shows it must escape it. */
export function mallorysCall(prisma: PrismaClient, agents: Fixtures) {
  return seedCall(prisma, {
    direction: 'inbound',
    from: '+15556666',
    to: ourNumber,
    callerName: xssName,
    startedAt: '2025-04-01T08:00:00Z',
    agentId: agents.alice.id,
    endReason: 'completed',
    answeredAfter: 2,
    endedAfter: 4,
    events: [{ type: 'received', at: 0, data: { callSid: 'CA6', from: '+15556666', to: ourNumber, callerName: xssName } }],
  })
}

/** The ids of the calls a page lists, in page order. */
export function callIdsOn(html: string): number[] {
  return [...html.matchAll(/id="call-(\d+)"/g)].map((match) => Number(match[1]))
}

/** The event types of one call's timeline, in page order. */
export function timelineOf(html: string, callId: number): string[] {
  const article = html.match(new RegExp(`<article id="call-${callId}"[\\s\\S]*?</article>`))?.[0] ?? ''
  return [...article.matchAll(/data-event="([^"]+)"/g)].map((match) => match[1] ?? '')
}

/** The team's record most admin tests read: Carol's answered call, Alice's busy dial, Dave's abandoned call, Erin's call. */
export async function seedRecord(prisma: PrismaClient, agents: Fixtures) {
  return {
    carol: await carolsCall(prisma, agents),
    busy: await alicesBusyDial(prisma, agents),
    dave: await davesAbandonedCall(prisma, agents),
    erin: await erinsCall(prisma, agents),
  }
}
