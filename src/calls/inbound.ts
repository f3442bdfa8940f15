import type { FastifyInstance } from 'fastify'
import { callCardSelect } from './container.ts'
import { afterCommit } from './effects.ts'
import type { Change } from './transition.ts'

export interface IncomingCall {
  callSid: string
  from: string
  to: string
  callerName?: string
}

/** Stores a ringing call once per CallSid: Twilio's retries of the same webhook find the row and change nothing. */
export async function receiveCall(app: FastifyInstance, incoming: IncomingCall): Promise<Change | null> {
  const change = await app.prisma.$transaction(async (tx) => {
    const [call] = await tx.call.createManyAndReturn({
      data: [{ twilioSid: incoming.callSid, direction: 'inbound', status: 'queued', from: incoming.from, to: incoming.to, callerName: incoming.callerName, queuedAt: new Date() }],
      skipDuplicates: true,
      select: callCardSelect,
    })
    if (!call) return null
    await tx.callEvent.create({ data: { callId: call.id, type: 'received', data: { ...incoming } } })
    return { name: 'received' as const, call, agentId: null }
  })
  if (change) afterCommit(app, change)
  return change
}

export async function findCallBySid(app: FastifyInstance, callSid: string) {
  return app.prisma.call.findUnique({ where: { twilioSid: callSid }, select: callCardSelect })
}
