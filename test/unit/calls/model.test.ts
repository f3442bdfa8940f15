import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest'
import { edges, type Edge, type EdgeName } from '../../../src/calls/lifecycle.ts'
import type { CallDirection, CallStatus } from '../../../src/db/client.ts'
import { startModel, type TestModel } from '../../support/model.ts'

const allStatuses: CallStatus[] = ['queued', 'offered', 'connecting', 'dialing', 'ringing', 'in_progress', 'ended', 'in_menu', 'voicemail', 'recording_voicemail', 'callback_requested']
/** Every edge that leaves a state, on each kind of call it moves (both for a direction-free row). */
const walked = (Object.entries(edges) as [EdgeName, Edge][])
  .filter(([, row]) => row.from.length > 0)
  .flatMap(([name, row]) => (row.direction === 'any' ? (['inbound', 'outbound'] as const) : [row.direction]).map((direction) => [name, row, direction] as const))

let m: TestModel
beforeAll(async () => {
  m = await startModel()
})
afterAll(() => m.close())
beforeEach(async () => {
  await m.prisma.call.updateMany({ where: { status: { not: 'ended' } }, data: { status: 'ended' } })
  await m.prisma.agent.updateMany({ data: { presence: 'online' } })
  m.published.length = 0
  m.kicks.count = 0
  m.kicks.claimed.length = 0
  vi.restoreAllMocks()
})

const other = (direction: CallDirection): CallDirection => (direction === 'inbound' ? 'outbound' : 'inbound')
const eventsOf = async (callId: number) => (await m.prisma.callEvent.findMany({ where: { callId }, select: { type: true } })).map((e) => e.type)
const jobsOf = async (callId: number) => (await m.prisma.outboxJob.findMany({ where: { callId }, select: { kind: true } })).map((j) => j.kind).sort()
const missedKinds = async (callId: number) => (await m.prisma.missedCall.findMany({ where: { callId }, select: { kind: true } })).map((t) => t.kind)
const pushesTo = (agentId: number) => m.published.filter((p) => p.channel === `agent:${agentId}`).map((p) => (p.message.kind === 'card' ? p.message.push : p.message.kind))

/** The parameters the row's guards ask for, as the agent holding (or being given) `call` would send them. */
function paramsFor(row: Edge, call: { version: number }, agentId: number) {
  const acts = row.holder || row.agent === 'assign' || row.transfer === 'take' || row.transfer === 'clear' || row.transfer === 'consult' || row.transfer === 'take_back'
  return { agentId: acts ? agentId : undefined, version: row.versioned ? call.version : undefined, queueId: row.queue ? m.queues.sales : undefined, targetId: row.transfer === 'offer' ? m.agents.bob : undefined }
}

/** An edge a transfer's target takes: the call is Bob's, offered to the acting agent. */
async function offeredAsTransfer(row: Edge, call: { id: number }, target: number) {
  if (row.transfer === 'take' || row.transfer === 'clear') await m.prisma.call.update({ where: { id: call.id }, data: { agentId: m.agents.bob, transferToId: target } })
  if (row.transfer === 'consult') await m.prisma.call.update({ where: { id: call.id }, data: { agentId: m.agents.bob, transferToId: target, transferWarm: true } })
  if (row.transfer === 'take_back') await m.prisma.call.update({ where: { id: call.id }, data: { agentId: m.agents.bob, transferToId: target, transferWarm: true } })
  if (row.transfer === 'hand_over' || row.transfer === 'keep') await m.prisma.call.update({ where: { id: call.id }, data: { transferToId: m.agents.bob, transferWarm: true } })
  if (row.recording === 'resume' && row.actor === 'agent') await m.prisma.call.update({ where: { id: call.id }, data: { recordingPaused: true } })
}

/** An open missed call from the number every test call comes from, as an earlier call would have left it. */
async function openMissedCall() {
  const earlier = await m.callIn('ended', 'inbound', null)
  return m.prisma.missedCall.create({ data: { kind: 'abandoned', callId: earlier.id, queueId: m.queues.support, from: earlier.from, waitSeconds: 5 } })
}

describe.each(walked)('the %s edge on an %s call', (name, row, direction) => {
  it.each([...row.from])(`from %s: goes to ${row.to} with one timeline event, its jobs and its pushes`, async (from) => {
    const { alice } = m.agents
    const routeLater = vi.spyOn(m.calls, 'routeLater')
    const call = await m.callIn(from, direction, alice)
    await offeredAsTransfer(row, call, alice)
    const missed = row.task === 'answered' ? await openMissedCall() : null

    const changed = await m.calls.apply(name, call.id, paramsFor(row, call, alice))

    expect(changed).toMatchObject({ id: call.id, status: row.to, version: call.version + 1 })
    expect(await eventsOf(call.id)).toEqual([row.event])
    expect(await jobsOf(call.id)).toEqual([...row.jobs].sort())
    expect(m.kicks.count).toBe(row.jobs.length > 0 ? 1 : 0)
    expect(m.kicks.claimed).toEqual([])
    const expected = [...(row.push === 'none' ? [] : [row.push]), ...(row.then.includes('presence') ? ['presence'] : [])]
    expect(pushesTo(alice)).toEqual(expected)
    expect(routeLater).toHaveBeenCalledTimes(row.then.includes('reroute') ? 1 : 0)

    const stored = await m.prisma.call.findUniqueOrThrow({ where: { id: call.id } })
    expect(stored.agentId).toBe(row.agent === 'clear' ? null : row.transfer === 'clear' || row.transfer === 'consult' || row.transfer === 'hand_over' ? m.agents.bob : alice)
    if (row.transfer === 'hand_over' || row.transfer === 'keep' || row.transfer === 'consult' || row.transfer === 'take_back') expect(pushesTo(m.agents.bob)).toEqual([row.other])
    if (row.transfer === 'take_back') expect(stored.transferToId).toBe(m.agents.bob)
    if (row.transfer === 'offer') expect(pushesTo(m.agents.bob)).toEqual([row.other])
    if (row.transfer === 'clear') expect(pushesTo(m.agents.bob)).toEqual([row.other])
    if (row.endReason) expect(stored.endReason).toBe(row.endReason)
    if (row.stamp) expect(stored[row.stamp]).toBeInstanceOf(Date)
    if (row.reopen) expect(stored).toMatchObject({ endReason: null, endedAt: null })
    if (row.queue) expect(stored.queueId).toBe(m.queues.sales)
    if (missed) expect(await m.prisma.missedCall.findUniqueOrThrow({ where: { id: missed.id } })).toMatchObject({ status: 'done', closedByCallId: call.id })
    else expect(await missedKinds(call.id)).toEqual(row.task ? [row.task] : [])
    const agent = await m.prisma.agent.findUniqueOrThrow({ where: { id: alice } })
    expect(agent.presence).toBe(row.presence ?? 'online')
  })

  it('refuses a call in a state it does not leave, and writes nothing', async () => {
    const wrong = allStatuses.find((status) => !row.from.includes(status))!
    const call = await m.callIn(wrong, direction, m.agents.alice)
    expect(await m.calls.apply(name, call.id, paramsFor(row, call, m.agents.alice))).toBeNull()
    expect(await eventsOf(call.id)).toEqual([])
    expect(m.published).toEqual([])
  })

  if (row.direction !== 'any') it(`refuses a${direction === 'inbound' ? 'n outbound' : 'n inbound'} call in the same state`, async () => {
    const call = await m.callIn(row.from[0]!, other(direction), m.agents.alice)
    expect(await m.calls.apply(name, call.id, paramsFor(row, call, m.agents.alice))).toBeNull()
    expect(await eventsOf(call.id)).toEqual([])
  })

  if (row.holder) it('refuses an agent who does not hold the call', async () => {
    const call = await m.callIn(row.from[0]!, direction, m.agents.bob)
    expect(await m.calls.apply(name, call.id, paramsFor(row, call, m.agents.alice))).toBeNull()
    expect(await eventsOf(call.id)).toEqual([])
    expect(m.published).toEqual([])
  })

  if (row.versioned) it('refuses a stale card version', async () => {
    const call = await m.callIn(row.from[0]!, direction, m.agents.alice)
    await offeredAsTransfer(row, call, m.agents.alice)
    expect(await m.calls.apply(name, call.id, { ...paramsFor(row, call, m.agents.alice), version: call.version + 1 })).toBeNull()
    expect(await eventsOf(call.id)).toEqual([])
  })
})

describe('transfer guards', () => {
  it('an edge a transfer target takes refuses an agent the call is not offered to', async () => {
    for (const name of ['transfer_accepted', 'transfer_declined', 'transfer_timed_out'] as const) {
      const call = await m.callIn('transferring', 'inbound', m.agents.bob)
      await m.prisma.call.update({ where: { id: call.id }, data: { transferToId: m.agents.bob } })
      expect(await m.calls.apply(name, call.id, { agentId: m.agents.alice, version: call.version })).toBeNull()
      expect(await eventsOf(call.id)).toEqual([])
      await m.prisma.call.update({ where: { id: call.id }, data: { status: 'ended' } })
    }
  })

  it('a transfer is offered only to another agent who is online and free', async () => {
    const call = await m.callIn('in_progress', 'inbound', m.agents.alice)
    const offer = (targetId: number) => m.calls.apply('transfer_offered', call.id, { agentId: m.agents.alice, version: call.version, targetId })
    expect(await offer(m.agents.alice)).toBeNull()
    await m.prisma.agent.update({ where: { id: m.agents.bob }, data: { presence: 'away' } })
    expect(await offer(m.agents.bob)).toBeNull()
    await m.prisma.agent.update({ where: { id: m.agents.bob }, data: { presence: 'online' } })
    const busy = await m.callIn('in_progress', 'inbound', m.agents.bob)
    expect(await offer(m.agents.bob)).toBeNull()
    await m.prisma.call.update({ where: { id: busy.id }, data: { status: 'ended' } })
    expect(await offer(m.agents.bob)).toMatchObject({ status: 'transferring', transferToId: m.agents.bob, agentId: m.agents.alice })
  })
})

describe('the edges that create a call', () => {
  it('received: stores the ring once per CallSid, queued, with its event, and asks for routing', async () => {
    const routeLater = vi.spyOn(m.calls, 'routeLater')
    const ring = { callSid: `CA${'ab'.repeat(16)}`, from: '+15557770002', to: '+15550100000', callerName: 'Ada' }
    const call = await m.calls.receive(ring)
    expect(call).toMatchObject({ status: 'queued', direction: 'inbound', agentId: null, callerName: 'Ada' })
    expect(await m.calls.receive(ring)).toBeNull()
    expect(await eventsOf(call!.id)).toEqual(['received'])
    expect(routeLater).toHaveBeenCalledTimes(1)
    expect(m.published).toEqual([])
  })

  it.each([
    ['in_menu', 'entered_menu'],
    ['voicemail', 'after_hours'],
  ] as const)('a ring that starts %s is stored with its event and routes nothing', async (status, event) => {
    const routeLater = vi.spyOn(m.calls, 'routeLater')
    const call = await m.calls.receive({ callSid: `CA${status.padEnd(32, '0').slice(0, 32).replace(/[^0-9a-f]/g, 'a')}`, from: '+15557770003', to: '+15550100000', status, queueId: m.queues.sales })
    expect(call).toMatchObject({ status, queueId: m.queues.sales, agentId: null })
    expect(await eventsOf(call!.id)).toEqual([event])
    expect(routeLater).not.toHaveBeenCalled()
  })

  it('dialing: an online agent with no call gets a dialing card and a place_call job', async () => {
    const outcome = await m.calls.dial(m.agents.alice, '+15550100000', '+15551230001')
    expect(outcome).toMatchObject({ ok: true, call: { status: 'dialing', direction: 'outbound', agentId: m.agents.alice, to: '+15551230001' } })
    const callId = outcome.ok ? outcome.call.id : 0
    expect(await eventsOf(callId)).toEqual(['dialing'])
    expect(await jobsOf(callId)).toEqual(['place_call'])
    expect(m.kicks.count).toBe(1)
    expect(pushesTo(m.agents.alice)).toEqual(['prepend'])
  })

  it('dialing: refused with the reason for an agent who is offline, busy, or holding an offer', async () => {
    await m.prisma.agent.update({ where: { id: m.agents.bob }, data: { presence: 'offline' } })
    expect(await m.calls.dial(m.agents.bob, '+15550100000', '+15551230001')).toEqual({ ok: false, reason: expect.stringContaining('Go online first') })
    await m.callIn('in_progress', 'inbound', m.agents.alice)
    expect(await m.calls.dial(m.agents.alice, '+15550100000', '+15551230001')).toEqual({ ok: false, reason: expect.stringContaining('already on a call') })
    await m.prisma.call.updateMany({ where: { agentId: m.agents.alice }, data: { status: 'ended' } })
    await m.callIn('offered', 'inbound', m.agents.alice)
    expect(await m.calls.dial(m.agents.alice, '+15550100000', '+15551230001')).toEqual({ ok: false, reason: expect.stringContaining('waiting for your answer') })
    expect(await m.prisma.call.count({ where: { status: 'dialing' } })).toBe(0)
  })
})

describe('routing', () => {
  beforeEach(async () => {
    await m.prisma.connection.deleteMany()
    await m.prisma.agent.updateMany({ data: { presence: 'offline', lastCallEndedAt: null } })
  })

  const minutesAgo = (minutes: number) => new Date(Date.now() - minutes * 60_000)
  const queued = async (minutes: number) => m.prisma.call.update({ where: { id: (await m.callIn('queued', 'inbound', null)).id }, data: { queuedAt: minutesAgo(minutes) } })
  const holderOf = async (callId: number) => (await m.prisma.call.findUniqueOrThrow({ where: { id: callId } })).agentId

  it('offers the oldest caller first, to the longest-idle agent first', async () => {
    const newer = await queued(1)
    const older = await queued(5)
    await m.prisma.agent.update({ where: { id: m.agents.alice }, data: { lastCallEndedAt: minutesAgo(2) } })
    await m.prisma.agent.update({ where: { id: m.agents.bob }, data: { lastCallEndedAt: minutesAgo(20) } })
    await m.connect(m.agents.alice)
    await m.connect(m.agents.bob)

    expect(await m.calls.route()).toBe(2)
    expect(await holderOf(older.id)).toBe(m.agents.bob)
    expect(await holderOf(newer.id)).toBe(m.agents.alice)
    expect(await eventsOf(older.id)).toEqual(['offered'])
    expect(pushesTo(m.agents.bob)).toEqual(['prepend'])
  })

  it('takes an agent who never ended a call as the longest idle', async () => {
    const call = await queued(1)
    await m.prisma.agent.update({ where: { id: m.agents.alice }, data: { lastCallEndedAt: minutesAgo(60) } })
    await m.connect(m.agents.alice)
    await m.connect(m.agents.bob)
    await m.calls.route()
    expect(await holderOf(call.id)).toBe(m.agents.bob)
  })

  it('offers nothing to an agent who is not online, whose panel is not live, or who declined this caller', async () => {
    const call = await queued(1)
    await m.connect(m.agents.alice, minutesAgo(5))
    expect(await m.calls.route()).toBe(0)
    await m.prisma.agent.update({ where: { id: m.agents.alice }, data: { presence: 'offline' } })
    await m.connect(m.agents.alice)
    await m.prisma.agent.update({ where: { id: m.agents.alice }, data: { presence: 'away' } })
    expect(await m.calls.route()).toBe(0)
    await m.prisma.agent.update({ where: { id: m.agents.alice }, data: { presence: 'online' } })
    await m.prisma.callEvent.create({ data: { callId: call.id, type: 'declined', agentId: m.agents.alice } })
    expect(await m.calls.route()).toBe(0)
    expect(await holderOf(call.id)).toBeNull()
  })

  it('never offers a Sales call to a Support-only agent, and offers it to a Sales agent', async () => {
    const sales = await m.prisma.call.update({ where: { id: (await m.callIn('queued', 'inbound', null, m.queues.sales)).id }, data: { queuedAt: minutesAgo(3) } })
    const support = await queued(1)
    await m.connect(m.agents.bob)
    expect(await m.calls.route()).toBe(1)
    expect(await holderOf(support.id)).toBe(m.agents.bob)
    expect(await holderOf(sales.id)).toBeNull()
    await m.prisma.call.update({ where: { id: support.id }, data: { status: 'ended', agentId: null } })
    expect(await m.calls.route()).toBe(0)
    expect(await holderOf(sales.id)).toBeNull()
    await m.connect(m.agents.alice)
    expect(await m.calls.route()).toBe(1)
    expect(await holderOf(sales.id)).toBe(m.agents.alice)
  })

  it('keeps the place of a caller who asked to be called back: their call back comes due before a later caller is offered', async () => {
    const asked = await m.prisma.call.update({ where: { id: (await m.callIn('callback_requested', 'inbound', null)).id }, data: { queuedAt: minutesAgo(4) } })
    const later = await queued(2)
    await m.connect(m.agents.bob)
    // The call back's end re-routes after its commit too, so two passes may share the work: count outcomes, not passes.
    expect(await m.calls.route()).toBeGreaterThanOrEqual(1)
    await expect.poll(() => holderOf(later.id)).toBe(m.agents.bob)
    expect(await m.prisma.call.findUniqueOrThrow({ where: { id: asked.id } })).toMatchObject({ status: 'ended', endReason: 'callback', agentId: null })
    expect(await m.prisma.missedCall.findUniqueOrThrow({ where: { callId: asked.id } })).toMatchObject({ kind: 'callback', status: 'open', queueId: m.queues.support })
    expect(await holderOf(later.id)).toBe(m.agents.bob)
    const [due, offered] = await Promise.all([asked, later].map((call) => m.prisma.callEvent.findFirstOrThrow({ where: { callId: call.id } })))
    expect([due!.type, offered!.type]).toEqual(['callback_due', 'offered'])
    expect(due!.id).toBeLessThan(offered!.id)
  })

  it('gives one agent one call even when routers run at once (as on several instances)', async () => {
    const calls = await Promise.all([queued(3), queued(2), queued(1)])
    await m.connect(m.agents.alice)
    await Promise.allSettled([m.calls.route(), m.calls.route(), m.calls.route()])
    const held = await m.prisma.call.findMany({ where: { id: { in: calls.map((c) => c.id) }, status: 'offered' } })
    expect(held).toHaveLength(1)
    expect(held[0]).toMatchObject({ id: calls[0].id, agentId: m.agents.alice })
  })
})

describe('offers', () => {
  it('an offer nobody answers goes back to the queue once its timer runs out, and the agent is set away', async () => {
    const quick = await startModel({ offerTimeoutMs: 50 })
    try {
      const call = await quick.callIn('queued', 'inbound', null)
      await quick.connect(quick.agents.alice)
      await quick.calls.route()
      await vi.waitFor(async () => expect(await quick.prisma.call.findUniqueOrThrow({ where: { id: call.id } })).toMatchObject({ status: 'queued', agentId: null }), { timeout: 5000 })
      expect((await quick.prisma.callEvent.findMany({ where: { callId: call.id }, select: { type: true } })).map((e) => e.type)).toEqual(['offered', 'offer_timed_out'])
      expect(await quick.prisma.agent.findUniqueOrThrow({ where: { id: quick.agents.alice } })).toMatchObject({ presence: 'away' })
    } finally {
      await quick.close()
    }
  })
})

describe('jobs an edge queues while this process runs the outbox', () => {
  it('are written claimed (attempt 1, locked) and handed to the hook with the call, so they run without a claim statement', async () => {
    const running = await startModel({ claimJobs: true })
    try {
      const { alice } = running.agents
      const call = await running.callIn('offered', 'inbound', alice)
      const { twilioSid } = await running.prisma.call.findUniqueOrThrow({ where: { id: call.id } })
      await running.calls.apply('accepted', call.id, { agentId: alice, version: call.version })
      expect(running.kicks).toEqual({
        count: 1,
        claimed: [{ id: expect.any(Number), kind: 'dial_agent', attempts: 1, callId: call.id, call: { id: call.id, status: 'connecting', twilioSid, agentId: alice } }],
      })
      const job = await running.prisma.outboxJob.findUniqueOrThrow({ where: { id: running.kicks.claimed[0]!.id } })
      expect(job).toMatchObject({ attempts: 1, lockedAt: expect.any(Date), doneAt: null })
      expect(await running.store.claimJobs()).toEqual([])
    } finally {
      await running.close()
    }
  })
})
