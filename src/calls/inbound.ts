import type { FastifyInstance } from 'fastify'
import { Prisma } from '../db/client.ts'
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

type Stored = CallCard & { twilioSid: string }

/**
 * Stores a ringing call once per CallSid: Twilio's retries of the same webhook find the row and change nothing.
 * Rings that arrive in the same tick share one statement (calls and their first timeline events).
 */
export async function receiveCall(app: FastifyInstance, incoming: IncomingCall): Promise<Change | null> {
  const call = await batchOf(app).add(incoming)
  if (!call) return null
  const change: Change = { name: 'received', call, agentId: null }
  afterCommit(app, change)
  return change
}

export async function findCallBySid(app: FastifyInstance, callSid: string) {
  return app.prisma.call.findUnique({ where: { twilioSid: callSid }, select: callCardSelect })
}

interface Waiting {
  incoming: IncomingCall
  resolve(call: Stored | null): void
  reject(error: unknown): void
}

/** Collects the rings of one tick and inserts them together; each caller learns whether its CallSid was new. */
class RingBatch {
  private waiting: Waiting[] = []

  constructor(private readonly app: FastifyInstance) {}

  add(incoming: IncomingCall): Promise<Stored | null> {
    return new Promise((resolve, reject) => {
      if (this.waiting.push({ incoming, resolve, reject }) === 1) setImmediate(() => void this.flush())
    })
  }

  private async flush(): Promise<void> {
    const batch = this.waiting.splice(0)
    try {
      const stored = new Map((await insertCalls(this.app, batch.map((entry) => entry.incoming))).map((call) => [call.twilioSid, call]))
      for (const entry of batch) {
        entry.resolve(stored.get(entry.incoming.callSid) ?? null)
        stored.delete(entry.incoming.callSid)
      }
    } catch (error) {
      for (const entry of batch) entry.reject(error)
    }
  }
}

const batches = new WeakMap<FastifyInstance, RingBatch>()

function batchOf(app: FastifyInstance): RingBatch {
  return batches.get(app) ?? batches.set(app, new RingBatch(app)).get(app)!
}

function insertCalls(app: FastifyInstance, calls: IncomingCall[]): Promise<Stored[]> {
  const now = new Date()
  const rows = calls.map((c) => Prisma.sql`(${c.callSid}, 'inbound', 'queued', ${c.from}, ${c.to}, ${c.callerName ?? null}, ${now}, ${now}, ${now})`)
  return app.prisma.$queryRaw<Stored[]>`
    WITH call AS (
      INSERT INTO "Call" ("twilioSid", "direction", "status", "from", "to", "callerName", "queuedAt", "createdAt", "updatedAt")
      VALUES ${Prisma.join(rows)}
      ON CONFLICT ("twilioSid") DO NOTHING
      RETURNING ${callCardColumns}, "twilioSid"
    ), event AS (
      INSERT INTO "CallEvent" ("callId", "type", "data", "createdAt")
      SELECT "id", 'received', jsonb_strip_nulls(jsonb_build_object('callSid', "twilioSid", 'from', "from", 'to', "to", 'callerName', "callerName")), ${now} FROM call
    )
    SELECT * FROM call`
}
