import type { FastifyInstance } from 'fastify'
import { callCardSelect } from './container.ts'
import { callCardColumns } from './transition-sql.ts'
import { afterCommit } from './effects.ts'
import type { CallCard, Change } from './transition.ts'

export interface IncomingCall {
  callSid: string
  from: string
  to: string
  callerName?: string
}

/**
 * Stores a ringing call once per CallSid: Twilio's retries of the same webhook find the row and change nothing.
 * One statement (the call and its first timeline event), no interactive transaction: this runs on every inbound ring.
 */
export async function receiveCall(app: FastifyInstance, incoming: IncomingCall): Promise<Change | null> {
  const now = new Date()
  const [call] = await app.prisma.$queryRaw<CallCard[]>`
    WITH call AS (
      INSERT INTO "Call" ("twilioSid", "direction", "status", "from", "to", "callerName", "queuedAt", "createdAt", "updatedAt")
      VALUES (${incoming.callSid}, 'inbound', 'queued', ${incoming.from}, ${incoming.to}, ${incoming.callerName ?? null}, ${now}, ${now}, ${now})
      ON CONFLICT ("twilioSid") DO NOTHING
      RETURNING ${callCardColumns}
    ), event AS (
      INSERT INTO "CallEvent" ("callId", "type", "data", "createdAt") SELECT "id", 'received', ${JSON.stringify(incoming)}::jsonb, ${now} FROM call
    )
    SELECT * FROM call`
  if (!call) return null
  const change: Change = { name: 'received', call, agentId: null }
  afterCommit(app, change)
  return change
}

export async function findCallBySid(app: FastifyInstance, callSid: string) {
  return app.prisma.call.findUnique({ where: { twilioSid: callSid }, select: callCardSelect })
}
