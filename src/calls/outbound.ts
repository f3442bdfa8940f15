import type { FastifyInstance } from 'fastify'
import { callAgentBrowser } from '../twilio/outbound.ts'
import { agentIdentity } from '../twilio/identity.ts'
import { hangUpCall } from '../twilio/rest.ts'
import { activeStatuses, callCardSelect } from './container.ts'
import { afterCommit } from './effects.ts'
import type { JobKind } from './jobs.ts'
import { whyCannotDial } from './refusals.ts'
import { routingLock } from './routing.ts'
import type { Change } from './transition.ts'

export type DialResult = { ok: true; change: Change } | { ok: false; reason: string }

/**
 * An agent dials a number: a `dialing` Call, its timeline event and the job that rings the agent's own
 * browser, in one transaction. It holds the routing lock, so no offer can slip in at the same moment.
 */
export async function dialNumber(app: FastifyInstance, agentId: number, to: string): Promise<DialResult> {
  const result = await app.prisma.$transaction(async (tx): Promise<DialResult> => {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(${routingLock})`
    const agent = await tx.agent.findUniqueOrThrow({
      where: { id: agentId },
      select: { presence: true, calls: { where: { status: { in: [...activeStatuses] } }, select: { status: true }, take: 1 } },
    })
    const refusal = whyCannotDial(agent.presence, agent.calls[0]?.status)
    if (refusal) return { ok: false, reason: refusal }
    const call = await tx.call.create({
      data: { direction: 'outbound', status: 'dialing', from: app.telephony.number, to, agentId },
      select: callCardSelect,
    })
    await tx.callEvent.create({ data: { callId: call.id, type: 'dialing', agentId, data: { to } } })
    await tx.outboxJob.create({ data: { kind: 'place_call' satisfies JobKind, callId: call.id } })
    return { ok: true, change: { name: 'dialing', call, agentId, queuedJobs: true } }
  })
  if (result.ok) afterCommit(app, result.change)
  return result
}

/**
 * The outbox job's work: ring the agent's browser and keep the leg's sid. Once Twilio has created the
 * call nothing here may throw (a retry would ring twice); a call ended meanwhile is hung up at once.
 */
export async function placeOutboundCall(app: FastifyInstance, callId: number, agentId: number): Promise<void> {
  const sid = await callAgentBrowser(app, callId, agentId)
  try {
    await app.prisma.$transaction([
      app.prisma.call.updateMany({ where: { id: callId, twilioSid: null }, data: { twilioSid: sid } }),
      app.prisma.callEvent.create({ data: { callId, type: 'agent_dialed', agentId, data: { identity: agentIdentity(agentId) } } }),
    ])
    const call = await app.prisma.call.findUnique({ where: { id: callId }, select: { status: true } })
    if (call?.status === 'ended') await hangUpCall(app, sid)
  } catch (error) {
    app.log.error({ err: error, callId, callSid: sid }, 'placed an outbound call but could not record it')
  }
}

/** The agent's browser picked up and Twilio asks what to do: dial the number, if the call is still wanted. */
export async function agentAnswered(app: FastifyInstance, callId: number, callSid: string) {
  await app.prisma.call.updateMany({ where: { id: callId, twilioSid: null }, data: { twilioSid: callSid } })
  return app.prisma.call.findFirst({
    where: { id: callId, twilioSid: callSid, direction: 'outbound', status: 'dialing' },
    select: { id: true, from: true, to: true },
  })
}
