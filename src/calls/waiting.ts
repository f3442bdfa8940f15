import { Prisma, type PrismaClient } from '../db/client.ts'

/** A caller's call as the hold loop sees it: where it stands and who could take it. */
export interface Place {
  id: number
  status: string
  queueId: number | null
  /** Callers ahead in the same queue who still wait (or are being offered), plus this one. */
  position: number
  /** Agents of the queue who are online with a live panel (busy ones too: the caller waits for them). */
  online: number
}

const averageTtlMs = 30_000

/** Reads about callers waiting in queues: their place, who is online, how long answers take lately. */
export class Waiting {
  private readonly averages = new Map<number, { seconds: number | null; at: number }>()

  constructor(
    private readonly db: PrismaClient,
    private readonly connectedSince: () => Date,
  ) {}

  async place(callSid: string): Promise<Place | null> {
    const [place] = await this.db.$queryRaw<Place[]>`
      SELECT c."id", c."status"::text AS "status", c."queueId",
        (SELECT count(*)::integer FROM "Call" w WHERE w."queueId" = c."queueId" AND w."status" IN ('queued', 'offered', 'callback_requested')
          AND (w."queuedAt" < c."queuedAt" OR (w."queuedAt" = c."queuedAt" AND w."id" <= c."id"))) AS "position",
        (${this.onlineSql(Prisma.sql`c."queueId"`)}) AS "online"
      FROM "Call" c WHERE c."twilioSid" = ${callSid}`
    return place ?? null
  }

  async onlineIn(queueId: number): Promise<number> {
    const [row] = await this.db.$queryRaw<{ online: number }[]>`SELECT (${this.onlineSql(Prisma.sql`${queueId}::integer`)}) AS "online"`
    return row?.online ?? 0
  }

  /** The queue's recent average wait before an answer (its last 20 answered calls of the past hour), kept 30 s. */
  async averageWait(queueId: number): Promise<number | null> {
    const cached = this.averages.get(queueId)
    if (cached && Date.now() - cached.at < averageTtlMs) return cached.seconds
    const since = new Date(Date.now() - 3_600_000)
    const [row] = await this.db.$queryRaw<{ seconds: number | null }[]>`
      SELECT avg(EXTRACT(EPOCH FROM ("answeredAt" - "queuedAt")))::float8 AS "seconds" FROM (
        SELECT "answeredAt", "queuedAt" FROM "Call"
        WHERE "queueId" = ${queueId} AND "direction" = 'inbound' AND "answeredAt" > ${since} AND "queuedAt" IS NOT NULL
        ORDER BY "answeredAt" DESC LIMIT 20) recent`
    const seconds = row?.seconds ?? null
    this.averages.set(queueId, { seconds, at: Date.now() })
    return seconds
  }

  private onlineSql(queueId: Prisma.Sql): Prisma.Sql {
    return Prisma.sql`SELECT count(*)::integer FROM "QueueMember" m JOIN "Agent" a ON a."id" = m."agentId"
      WHERE m."queueId" = ${queueId} AND a."presence" = 'online'
        AND EXISTS (SELECT 1 FROM "Connection" k WHERE k."agentId" = a."id" AND k."seenAt" > ${this.connectedSince()})`
  }
}
