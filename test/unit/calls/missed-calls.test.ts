import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { startModel, type TestModel } from '../../support/model.ts'

let m: TestModel
beforeAll(async () => {
  m = await startModel()
})
afterAll(() => m.close())
beforeEach(async () => {
  await m.prisma.call.updateMany({ where: { status: { not: 'ended' } }, data: { status: 'ended' } })
  await m.prisma.missedCall.updateMany({ data: { status: 'done' } })
  await m.prisma.agent.updateMany({ data: { presence: 'online' } })
})

const team = '+15550100000'
const alice = () => ({ id: m.agents.alice, role: 'agent' as const })
const bob = () => ({ id: m.agents.bob, role: 'agent' as const })

/** A caller who hung up waiting in `queueId`, as the abandoned edge leaves them. */
async function abandoned(queueId: number, from = '+15557770001') {
  const call = await m.callIn('queued', 'inbound', null, queueId)
  await m.prisma.call.update({ where: { id: call.id }, data: { from } })
  await m.calls.apply('abandoned', call.id)
  return { call, task: await m.prisma.missedCall.findUniqueOrThrow({ where: { callId: call.id } }) }
}

const timeline = async (callId: number) => (await m.prisma.callEvent.findMany({ where: { callId }, orderBy: { id: 'asc' }, select: { type: true, agentId: true, data: true } }))

describe('missed calls', () => {
  it('an abandoned caller becomes an open missed call of their queue with the time they waited', async () => {
    const { task } = await abandoned(m.queues.support)
    expect(task).toMatchObject({ kind: 'abandoned', status: 'open', queueId: m.queues.support, from: '+15557770001' })
    expect(task.waitSeconds).toBeGreaterThanOrEqual(0)
    expect((await m.calls.missed.listFor(bob())).map((t) => t.id)).toContain(task.id)
  })

  it('shows Sales missed calls only to Sales agents (and admins), and refuses others as unknown', async () => {
    const { task } = await abandoned(m.queues.sales)
    expect((await m.calls.missed.listFor(alice())).map((t) => t.id)).toContain(task.id)
    expect((await m.calls.missed.listFor(bob())).map((t) => t.id)).not.toContain(task.id)
    expect(await m.calls.missed.dismiss(bob(), task.id, 'spam')).toMatchObject({ ok: false, status: 404 })
    expect(await m.calls.missed.callBack(bob(), task.id, team)).toMatchObject({ ok: false, status: 404 })
    expect((await m.calls.missed.listFor({ id: m.agents.bob, role: 'admin' })).map((t) => t.id)).toContain(task.id)
  })

  it('Call back places the outbound call linked to the missed call and settles it, noted on the missed call’s timeline', async () => {
    const { call, task } = await abandoned(m.queues.support, '+15557770011')
    const second = await abandoned(m.queues.support, '+15557770011')
    expect(await m.calls.missed.callBack(bob(), task.id, team)).toEqual({ ok: true })
    const outbound = await m.prisma.call.findFirstOrThrow({ where: { direction: 'outbound', to: '+15557770011' } })
    expect(outbound).toMatchObject({ status: 'dialing', agentId: m.agents.bob, from: team })
    expect(await m.prisma.missedCall.findUniqueOrThrow({ where: { id: task.id } })).toMatchObject({ status: 'done', closedById: m.agents.bob, closedByCallId: outbound.id })
    expect(await m.prisma.missedCall.findUniqueOrThrow({ where: { id: second.task.id } })).toMatchObject({ status: 'done', closedByCallId: outbound.id })
    expect((await timeline(call.id)).at(-1)).toMatchObject({ type: 'called_back', agentId: m.agents.bob, data: { callId: outbound.id } })
    expect(await timeline(outbound.id)).toEqual([{ type: 'dialing', agentId: m.agents.bob, data: { to: '+15557770011', missedCallId: task.id } }])
    expect(await m.calls.missed.callBack(alice(), task.id, team)).toMatchObject({ ok: false, status: 409, reason: 'Someone has already called this caller back.' })
  })

  it('two agents clicking Call back at once: one call is placed, the other is told', async () => {
    const { call, task } = await abandoned(m.queues.support, '+15557770012')
    const outcomes = await Promise.all([m.calls.missed.callBack(alice(), task.id, team), m.calls.missed.callBack(bob(), task.id, team)])
    expect(outcomes.filter((o) => o.ok)).toHaveLength(1)
    expect(outcomes.find((o) => !o.ok)).toMatchObject({ status: 409, reason: 'Someone has already called this caller back.' })
    expect(await m.prisma.call.count({ where: { direction: 'outbound', to: '+15557770012' } })).toBe(1)
    expect((await timeline(call.id)).filter((e) => e.type === 'called_back')).toHaveLength(1)
  })

  it('keeps the missed call open when the agent cannot dial (offline), with the reason', async () => {
    const { task } = await abandoned(m.queues.support, '+15557770013')
    await m.prisma.agent.update({ where: { id: m.agents.bob }, data: { presence: 'offline' } })
    expect(await m.calls.missed.callBack(bob(), task.id, team)).toMatchObject({ ok: false, status: 409, reason: expect.stringContaining('Go online first') })
    expect(await m.prisma.missedCall.findUniqueOrThrow({ where: { id: task.id } })).toMatchObject({ status: 'open' })
  })

  it('refuses to call back a number that cannot be dialled', async () => {
    const { task } = await abandoned(m.queues.support, 'unknown')
    expect(await m.calls.missed.callBack(bob(), task.id, team)).toMatchObject({ ok: false, status: 422 })
    expect(await m.prisma.missedCall.findUniqueOrThrow({ where: { id: task.id } })).toMatchObject({ status: 'open' })
  })

  it('Dismiss closes it with the reason and who, once', async () => {
    const { call, task } = await abandoned(m.queues.support, '+15557770014')
    expect(await m.calls.missed.dismiss(bob(), task.id, 'Wrong number')).toEqual({ ok: true })
    expect(await m.prisma.missedCall.findUniqueOrThrow({ where: { id: task.id } })).toMatchObject({ status: 'dismissed', reason: 'Wrong number', closedById: m.agents.bob })
    expect((await timeline(call.id)).at(-1)).toMatchObject({ type: 'missed_call_dismissed', agentId: m.agents.bob, data: { reason: 'Wrong number' } })
    expect(await m.calls.missed.dismiss(alice(), task.id, 'again')).toMatchObject({ ok: false, status: 409, reason: 'This missed call was dismissed.' })
    expect(await m.calls.missed.callBack(alice(), task.id, team)).toMatchObject({ ok: false, status: 409 })
  })

  it('announces each change with the queues it touched', async () => {
    const seen: (number | null)[][] = []
    const off = m.calls.missed.onChange((queues) => seen.push(queues))
    try {
      const { task } = await abandoned(m.queues.sales, '+15557770015')
      await m.calls.missed.dismiss(alice(), task.id, 'Handled by email')
      expect(seen).toEqual([[m.queues.sales], [m.queues.sales]])
    } finally {
      off()
    }
  })
})
