import { Prisma, type PrismaClient } from '../db/client.ts'
import { activeStatuses, edge, edges, supervisedStatuses, supervisions, wrapUpSteps, type Edge, type EdgeName, type JobKind, type NoteName, type SupervisionMode, type TaskEffect, type WrapUpStepName } from './lifecycle.ts'
import { callCardColumns, callCardColumnsOf, type CallCard } from './cards.ts'

/** A call by its id, or by Twilio's CallSid when a webhook is all we have. */
export type CallKey = number | { twilioSid: string }

export interface ApplyParams {
  /** The agent who acts or whose offer is acted on; required by edges that need the holder. */
  agentId?: number
  /** The card version the agent saw; required by versioned edges. */
  version?: number
  /** Extra fields for the timeline event (a notice, Twilio's status, the source of a report). */
  data?: Prisma.InputJsonObject
  /** The queue an edge that sets one puts the call in. */
  queueId?: number | null
  /** The agent a transfer offers the call to. */
  targetId?: number
}

/**
 * What an edge's statement wrote: the card; the jobs it queued if it claimed them for this process; and
 * the queues (null: no queue) whose missed calls the same statement opened or settled.
 */
export interface Written {
  call: CallCard
  /** Jobs inserted already claimed (attempt 1): the hook runs them at once; the poller takes them only after the lease. */
  claimed: ClaimedJob[]
  taskQueues?: (number | null)[]
}

type WrittenRow = CallCard & { twilioSid: string | null; jobs?: { id: number; kind: string; attempts: number }[] | null; taskQueues?: (number | null)[] }

export interface Ring {
  callSid: string
  from: string
  to: string
  callerName?: string
  /** Where the caller starts: the queue (the default), the menu, or after hours the voicemail prompt. */
  status?: 'queued' | 'in_menu' | 'voicemail'
  queueId?: number | null
}

export type StoredRing = CallCard & { twilioSid: string }

export interface ClaimedJob {
  id: number
  kind: string
  callId: number | null
  attempts: number
  /** The call as it stood when the job was claimed (read in the same statement). */
  call: { id: number; status: string; twilioSid: string | null; agentId: number | null } | null
}

/**
 * The only writer of Call, CallEvent and OutboxJob rows. Each lifecycle edge is one statement (ADR 0004):
 * the conditional update, its timeline event, its outbox jobs and the agent's change, all or nothing.
 * Times come from the clock in Node (Prisma keeps timestamps as UTC without a zone).
 */
export class CallStore {
  constructor(
    private readonly db: PrismaClient,
    private readonly clock: () => Date = () => new Date(),
    /** Whether edges insert their jobs claimed, for the outbox of this process to run right after commit. */
    private readonly claimForThisProcess: () => boolean = () => false,
    /** WRAP_UP_SECONDS: how long after-call work may hold an agent; 0 turns wrap-up off. */
    private readonly wrapUpSeconds = 0,
  ) {}

  async apply(name: EdgeName, key: CallKey, params: ApplyParams = {}): Promise<Written | null> {
    const row = edge(name)
    if ((row.holder || row.agent === 'assign') && params.agentId === undefined) throw new Error(`${name} needs the agent who holds or gets the call`)
    if (row.versioned && params.version === undefined) throw new Error(`${name} needs the card version`)
    if (row.queue && params.queueId === undefined) throw new Error(`${name} needs the queue`)
    if (row.transfer === 'offer' && params.targetId === undefined) throw new Error(`${name} needs the agent to transfer to`)
    if ((row.transfer === 'take' || row.transfer === 'clear' || row.transfer === 'consult' || row.transfer === 'take_back') && params.agentId === undefined) throw new Error(`${name} needs the transfer's target`)
    const now = this.clock()
    const conditions = [keyCondition(key), Prisma.sql`"status" IN (${statusList(row.from)})`]
    if (row.direction !== 'any') conditions.push(Prisma.sql`"direction" = ${row.direction}::"CallDirection"`)
    if (row.versioned) conditions.push(Prisma.sql`"version" = ${params.version}`)
    if (row.holder) conditions.push(Prisma.sql`"agentId" = ${params.agentId}`)
    const sets = [Prisma.sql`"status" = ${row.to}::"CallStatus"`, Prisma.sql`"version" = "version" + 1`, Prisma.sql`"updatedAt" = ${now}`]
    if (row.agent === 'assign') sets.push(Prisma.sql`"agentId" = ${params.agentId}::integer`)
    if (row.agent === 'clear') sets.push(Prisma.sql`"agentId" = NULL`)
    if (row.endReason) sets.push(Prisma.sql`"endReason" = ${row.endReason}::"EndReason"`)
    if (row.stamp === 'endedAt') sets.push(Prisma.sql`"endedAt" = ${now}`)
    if (row.stamp === 'answeredAt') sets.push(Prisma.sql`"answeredAt" = ${now}`)
    if (row.stamp === 'heldAt') sets.push(Prisma.sql`"heldAt" = ${now}`)
    if (row.reopen) sets.push(Prisma.sql`"endReason" = NULL, "endedAt" = NULL, "wrapUpEndsAt" = NULL`)
    if (row.wrapUp && this.wrapUpSeconds > 0) {
      const until = new Date(now.getTime() + this.wrapUpSeconds * 1000)
      sets.push(Prisma.sql`"wrapUpEndsAt" = CASE WHEN "answeredAt" IS NOT NULL AND "agentId" IS NOT NULL THEN ${until}::timestamp END, "wrapUpDoneAt" = NULL`)
    }
    if (row.queue) sets.push(Prisma.sql`"queueId" = ${params.queueId ?? null}::integer, "queuedAt" = ${now}`)
    if (row.transfer) transferPart(row.transfer, row.warm ?? false, params, conditions, sets)
    if (row.recording === 'pause') sets.push(Prisma.sql`"recordingPaused" = true`)
    if (row.recording === 'resume') sets.push(Prisma.sql`"recordingPaused" = false`)
    if (row.recording && row.actor === 'agent') conditions.push(Prisma.sql`"recordingPaused" = ${row.recording === 'resume'}`)
    const update = Prisma.sql`UPDATE "Call" SET ${Prisma.join(sets, ', ')} WHERE ${Prisma.join(conditions, ' AND ')} RETURNING ${callCardColumns}, "twilioSid"`
    return this.written(this.effects(update, name, params, now))
  }

  /**
   * Serves the oldest waiting caller who has a free agent of their queue (longest idle first, with a live
   * panel, who has not declined them): a caller on the line is offered to that agent; a caller who asked
   * to be called back keeps their place until here, where their call ends and a missed call is opened
   * for the queue. A call in no queue may go to any agent. The window looks at the 20 oldest per queue.
   */
  async offerNext(connectedSince: Date): Promise<Written | null> {
    const now = this.clock()
    const active = statusList(activeStatuses)
    const update = Prisma.sql`
      UPDATE "Call" c SET
        "status" = (CASE WHEN c."status" = 'queued' THEN 'offered' ELSE 'ended' END)::"CallStatus",
        "agentId" = CASE WHEN c."status" = 'queued' THEN pick."agentId" END,
        "endReason" = (CASE WHEN c."status" = 'queued' THEN NULL ELSE 'callback' END)::"EndReason",
        "endedAt" = CASE WHEN c."status" = 'queued' THEN NULL ELSE ${now}::timestamp END,
        "version" = c."version" + 1, "updatedAt" = ${now}
      FROM (SELECT * FROM (
        SELECT q."id", q."queuedAt", (
          SELECT a."id" FROM "Agent" a
          WHERE a."presence" = 'online'
            AND EXISTS (SELECT 1 FROM "Connection" k WHERE k."agentId" = a."id" AND k."seenAt" > ${connectedSince})
            AND NOT EXISTS (SELECT 1 FROM "Call" b WHERE b."agentId" = a."id" AND b."status" IN (${active}))
            AND NOT EXISTS (SELECT 1 FROM "Call" u WHERE u."agentId" = a."id" AND u."wrapUpDoneAt" IS NULL AND u."wrapUpEndsAt" > ${now}::timestamp)
            AND NOT EXISTS (SELECT 1 FROM "Call" b WHERE b."transferToId" = a."id" AND b."status" IN ('transferring', 'consulting'))
            AND NOT EXISTS (SELECT 1 FROM "CallEvent" e WHERE e."callId" = q."id" AND e."agentId" = a."id" AND e."type" = 'declined')
            AND (q."queueId" IS NULL OR EXISTS (SELECT 1 FROM "QueueMember" m WHERE m."queueId" = q."queueId" AND m."agentId" = a."id"))
          ORDER BY a."lastCallEndedAt" ASC NULLS FIRST, a."id" ASC LIMIT 1
        ) AS "agentId"
        FROM (
          SELECT w."id", w."queueId", w."queuedAt", row_number() OVER (PARTITION BY w."queueId" ORDER BY w."queuedAt" ASC, w."id" ASC) AS place
          FROM "Call" w WHERE w."status" IN ('queued', 'callback_requested')
        ) q WHERE q.place <= 20
      ) waiting WHERE waiting."agentId" IS NOT NULL ORDER BY waiting."queuedAt" ASC, waiting."id" ASC LIMIT 1) pick
      WHERE c."id" = pick."id" AND c."status" IN ('queued', 'callback_requested')
      RETURNING ${callCardColumnsOf('c')}, c."twilioSid"`
    const served = Prisma.sql`
      WITH call AS (${update}), event AS (
        INSERT INTO "CallEvent" ("callId", "type", "agentId", "data", "createdAt")
        SELECT "id", CASE WHEN "status" = 'offered' THEN ${edges.offered.event} ELSE ${edges.callback_due.event} END, "agentId", '{}'::jsonb, ${now} FROM call
      )${taskPart('callback', now, Prisma.sql`WHERE call."status" = 'ended'`)}
      SELECT call.*, ARRAY(SELECT "queueId" FROM task) AS "taskQueues" FROM call`
    return this.written(served)
  }

  /**
   * An agent's new outbound call, only if they are online and hold no call; null otherwise. Calling back a
   * missed call claims it in the same statement (locked, so of two agents clicking at once one wins) and
   * settles every open missed call of that caller, each noting the call back on its timeline.
   */
  async dial(agentId: number, from: string, to: string, missedCallId?: number): Promise<Written | null> {
    const now = this.clock()
    const claim = missedCallId === undefined ? Prisma.empty : Prisma.sql`AND EXISTS (SELECT 1 FROM claimed)`
    const insert = Prisma.sql`
      INSERT INTO "Call" ("direction", "status", "from", "to", "agentId", "createdAt", "updatedAt")
      SELECT 'outbound', 'dialing', ${from}, ${to}, a."id", ${now}, ${now} FROM "Agent" a
      WHERE a."id" = ${agentId} AND a."presence" = 'online'
        AND NOT EXISTS (SELECT 1 FROM "Call" b WHERE b."agentId" = a."id" AND b."status" IN (${statusList(activeStatuses)})) ${claim}
      RETURNING ${callCardColumns}, "twilioSid"`
    const data = missedCallId === undefined ? { to } : { to, missedCallId }
    return this.written(this.effects(insert, 'dialing', { agentId, data }, now, missedCallId === undefined ? undefined : callBackParts(missedCallId, agentId, now)))
  }

  /** An agent dismisses an open missed call with a reason; false when it was no longer open. */
  async dismissMissedCall(missedCallId: number, agentId: number, reason: string): Promise<boolean> {
    const now = this.clock()
    const rows = await this.db.$queryRaw<{ id: number }[]>`
      WITH task AS (
        UPDATE "MissedCall" SET "status" = 'dismissed', "reason" = ${reason}, "closedById" = ${agentId}, "closedAt" = ${now}, "updatedAt" = ${now}
        WHERE "id" = ${missedCallId} AND "status" = 'open' RETURNING "id", "callId"
      ), event AS (
        INSERT INTO "CallEvent" ("callId", "type", "agentId", "data", "createdAt")
        SELECT "callId", 'missed_call_dismissed', ${agentId}, jsonb_build_object('reason', ${reason}::text), ${now} FROM task
      )
      SELECT "id" FROM task`
    return rows.length === 1
  }

  /**
   * Closes the wrap-up of an ended call held by the agent, at the card's version: **Done** keeps the
   * disposition and notes; the timer (`wrap_up_timed_out`) keeps what was there. One statement with its event.
   */
  async finishWrapUp(name: WrapUpStepName, callId: number, agentId: number, version: number, values: { disposition?: string | null; notes?: string | null } = {}): Promise<Written | null> {
    const now = this.clock()
    const step = wrapUpSteps[name]
    const done = name === 'wrapped_up'
    const disposition = done ? (values.disposition || null) : null
    const notes = done ? (values.notes || null) : null
    const data = JSON.stringify(done ? { ...(disposition ? { disposition } : {}), ...(notes ? { notes } : {}) } : {})
    return this.written(Prisma.sql`
      WITH call AS (
        UPDATE "Call" SET "wrapUpDoneAt" = ${done ? now : Prisma.sql`LEAST(${now}::timestamp, "wrapUpEndsAt")`},
          "disposition" = ${done ? Prisma.sql`${disposition}::text` : Prisma.sql`"disposition"`}, "notes" = ${done ? Prisma.sql`${notes}::text` : Prisma.sql`"notes"`},
          "version" = "version" + 1, "updatedAt" = ${now}
        WHERE "id" = ${callId} AND "agentId" = ${agentId} AND "version" = ${version} AND "status" = 'ended'
          AND "wrapUpEndsAt" IS NOT NULL AND "wrapUpDoneAt" IS NULL
        RETURNING ${callCardColumns}, "twilioSid"
      ), event AS (
        INSERT INTO "CallEvent" ("callId", "type", "agentId", "data", "createdAt")
        SELECT "id", ${step.event}, ${agentId}, ${data}::jsonb, ${now} FROM call
      )
      SELECT call.* FROM call`)
  }

  /**
   * Rings that arrive together: one statement for all, each CallSid stored once (Twilio retries change nothing).
   * The rings travel as one array per column, so the statement's text and its parameters are the same
   * whatever the batch's size (a VALUES row per ring cost the driver nine parameters a ring).
   */
  insertRings(rings: Ring[]): Promise<StoredRing[]> {
    const now = this.clock()
    const column = <T>(value: (ring: Ring) => T) => rings.map(value)
    return this.db.$queryRaw<StoredRing[]>`
      WITH call AS (
        INSERT INTO "Call" ("twilioSid", "direction", "status", "from", "to", "callerName", "queueId", "queuedAt", "createdAt", "updatedAt")
        SELECT ring.sid, 'inbound', ring.status::"CallStatus", ring.from, ring.to, ring.name, ring.queue, ${now}, ${now}, ${now}
        FROM unnest(${column((r) => r.callSid)}::text[], ${column((r) => r.status ?? 'queued')}::text[], ${column((r) => r.from)}::text[],
          ${column((r) => r.to)}::text[], ${column((r) => r.callerName ?? null)}::text[], ${column((r) => r.queueId ?? null)}::integer[])
          WITH ORDINALITY AS ring(sid, status, "from", "to", name, queue, place)
        ORDER BY ring.place
        ON CONFLICT ("twilioSid") DO NOTHING
        RETURNING ${callCardColumns}, "twilioSid"
      ), event AS (
        INSERT INTO "CallEvent" ("callId", "type", "data", "createdAt")
        SELECT "id", ${ringEvents}, jsonb_strip_nulls(jsonb_build_object('callSid', "twilioSid", 'from', "from", 'to', "to", 'callerName', "callerName")), ${now} FROM call
      )
      SELECT * FROM call`
  }

  /** A timeline event that changes no state. */
  async note(callId: number, name: NoteName, agentId: number | null, data: Prisma.InputJsonObject = {}): Promise<void> {
    await this.db.callEvent.create({ data: { callId, type: name, agentId, data, createdAt: this.clock() } })
  }

  /**
   * Keeps the agent leg's CallSid of an outbound call (the first one wins) and notes that the browser was dialed
   * (also when the leg's own webhook stored the sid first: the browser answers fast).
   */
  async attachAgentLeg(callId: number, sid: string, agentId: number, identity: string): Promise<string | null> {
    const now = this.clock()
    const [row] = await this.db.$queryRaw<{ status: string }[]>`
      WITH call AS (
        UPDATE "Call" SET "twilioSid" = ${sid}, "updatedAt" = ${now} WHERE "id" = ${callId} AND ("twilioSid" IS NULL OR "twilioSid" = ${sid}) RETURNING "id", "status"::text AS "status"
      ), event AS (
        INSERT INTO "CallEvent" ("callId", "type", "agentId", "data", "createdAt")
        SELECT "id", 'agent_dialed', ${agentId}, ${JSON.stringify({ identity })}::jsonb, ${now} FROM call
      )
      SELECT "status" FROM call`
    return row?.status ?? null
  }

  /**
   * The agent leg's webhook may arrive before the REST answer that names it: keep the sid if none is stored
   * yet. A sid another call already has is not this call's (the caller of the webhook is confused or hostile).
   */
  async attachSid(callId: number, sid: string): Promise<void> {
    await this.db.call.updateMany({ where: { id: callId, direction: 'outbound', twilioSid: null }, data: { twilioSid: sid } }).catch((error: unknown) => {
      if (!isUniqueViolation(error)) throw error
    })
  }

  /**
   * Simulated history for the reports (`src/reports/history.ts`): a batch of ended inbound calls, shaped by
   * PostgreSQL with generate_series in one statement (answered, abandoned, voicemail, call back).
   */
  async insertHistory(h: { start: Date; now: Date; days: number; zone: string; size: number; agents: number[]; queues: Prisma.Sql; queueCount: number; dispositions: string[] }): Promise<void> {
    await this.db.$executeRaw`
      WITH raw AS (
        SELECT g,
          -- a local time: 85 % between 08:00 and 18:00, the rest at any hour
          ((date_trunc('day', (${h.start}::timestamp AT TIME ZONE 'UTC') AT TIME ZONE ${h.zone}) + (floor(random() * ${h.days}) || ' days')::interval
            + CASE WHEN random() < 0.85 THEN interval '8 hours' + random() * interval '10 hours' ELSE random() * interval '24 hours' END)
            AT TIME ZONE ${h.zone}) AT TIME ZONE 'UTC' AS arrived,
          random() AS outcome, random() AS r1, random() AS r2, random() AS r3
        FROM generate_series(1, ${h.size}) AS g
      ), past AS (
        -- a time later today than now moves back a day
        SELECT g, CASE WHEN arrived >= ${h.now}::timestamp THEN arrived - interval '1 day' ELSE arrived END AS arrived, outcome, r1, r2, r3 FROM raw
      ), shaped AS (
        SELECT *,
          CASE WHEN outcome < 0.78 THEN 'answered' WHEN outcome < 0.88 THEN 'abandoned' WHEN outcome < 0.95 THEN 'voicemail' ELSE 'callback' END AS kind,
          LEAST(900, -ln(1 - r1) * CASE WHEN outcome < 0.78 THEN 18 ELSE 45 END) AS wait,
          60 + -ln(1 - r2) * 180 AS talk
        FROM past
      )
      INSERT INTO "Call" ("direction", "status", "from", "to", "callerName", "agentId", "queueId", "queuedAt", "answeredAt", "endedAt", "endReason",
        "wrapUpEndsAt", "wrapUpDoneAt", "disposition", "createdAt", "updatedAt")
      SELECT 'inbound', 'ended', '+1555' || lpad(floor(r3 * 10000000)::text, 7, '0'), '+15550100000', NULL,
        CASE WHEN kind = 'answered' THEN (${h.agents}::int[])[1 + floor(r3 * ${h.agents.length})::int] END,
        (${h.queues})[1 + floor(r1 * 1000)::int % ${h.queueCount}],
        arrived,
        CASE WHEN kind = 'answered' THEN arrived + wait * interval '1 second' END,
        arrived + (wait + CASE WHEN kind = 'answered' THEN talk WHEN kind = 'voicemail' THEN 40 ELSE 0 END) * interval '1 second',
        (CASE kind WHEN 'answered' THEN 'completed' WHEN 'abandoned' THEN 'abandoned' WHEN 'voicemail' THEN 'voicemail' ELSE 'callback' END)::"EndReason",
        CASE WHEN kind = 'answered' THEN arrived + (wait + talk + 60) * interval '1 second' END,
        CASE WHEN kind = 'answered' THEN arrived + (wait + talk + 5 + r2 * 50) * interval '1 second' END,
        CASE WHEN kind = 'answered' THEN (${h.dispositions}::text[])[1 + floor(r1 * ${h.dispositions.length})::int] END,
        arrived, arrived
      FROM shaped`
  }

  /** On about 4 % of the history's answered calls an earlier offer came to nothing (declined or missed). */
  async insertHistoryOffers(start: Date, agents: number[]): Promise<void> {
    await this.db.$executeRaw`
      INSERT INTO "CallEvent" ("callId", "type", "agentId", "data", "createdAt")
      SELECT c."id", CASE WHEN random() < 0.75 THEN 'declined' ELSE 'offer_timed_out' END,
        (${agents}::int[])[1 + floor(random() * ${agents.length})::int], '{}'::jsonb, c."queuedAt" + interval '3 seconds'
      FROM "Call" c
      WHERE c."createdAt" >= ${start}::timestamp AND c."answeredAt" IS NOT NULL AND c."direction" = 'inbound' AND c."twilioSid" IS NULL AND random() < 0.04`
  }

  /**
   * The conference the call talks in. A conference that starts is the call's from then on (the caller went back
   * to the queue and was bridged again: same name, new conference); any other callback only fills a missing sid.
   */
  async attachConference(callId: number, conferenceSid: string, started: boolean): Promise<void> {
    await this.db.call.updateMany({ where: { id: callId, ...(started ? { OR: [{ conferenceSid: null }, { conferenceSid: { not: conferenceSid } }] } : { conferenceSid: null }) }, data: { conferenceSid } })
  }

  /** The agent's participant leg Twilio created for the call; notes that the browser was dialed. The call's status, or null. */
  async attachAgentCall(callId: number, sid: string, agentId: number, identity: string): Promise<string | null> {
    const now = this.clock()
    const [row] = await this.db.$queryRaw<{ status: string }[]>`
      WITH call AS (
        UPDATE "Call" SET "agentCallSid" = ${sid}, "updatedAt" = ${now} WHERE "id" = ${callId} AND "agentId" = ${agentId} RETURNING "id", "status"::text AS "status"
      ), event AS (
        INSERT INTO "CallEvent" ("callId", "type", "agentId", "data", "createdAt")
        SELECT "id", 'agent_dialed', ${agentId}, ${JSON.stringify({ identity, callSid: sid })}::jsonb, ${now} FROM call
      )
      SELECT "status" FROM call`
    return row?.status ?? null
  }

  /** A timeline note from a report Twilio may send twice: written once per `key` (its sid and sequence). */
  async noteOnce(callId: number, name: NoteName, key: string, data: Prisma.InputJsonObject): Promise<boolean> {
    const rows = await this.db.$queryRaw<{ id: number }[]>`
      INSERT INTO "CallEvent" ("callId", "type", "data", "createdAt")
      SELECT c."id", ${name}, ${JSON.stringify({ ...data, key })}::jsonb, ${this.clock()} FROM "Call" c
      WHERE c."id" = ${callId} AND NOT EXISTS (SELECT 1 FROM "CallEvent" WHERE "callId" = ${callId} AND "type" = ${name} AND "data"->>'key' = ${key})
      RETURNING "id"`
    return rows.length === 1
  }

  /**
   * A supervisor listens, whispers, barges in or leaves: one statement for the call's supervision, its note
   * and the `supervise` job. Only one supervisor at a time; only the one in it may change or leave it.
   */
  async supervise(callId: number, supervisorId: number, mode: SupervisionMode): Promise<Written | null> {
    const now = this.clock()
    const leaving = mode === 'leave'
    const claimed = this.claimForThisProcess()
    const update = Prisma.sql`
      UPDATE "Call" SET "supervision" = ${leaving ? null : mode}, "supervisorId" = ${leaving ? null : supervisorId}::integer, "updatedAt" = ${now}
      WHERE "id" = ${callId} AND ${leaving ? Prisma.sql`"supervisorId" = ${supervisorId}` : Prisma.sql`"status" IN (${statusList(supervisedStatuses)}) AND ("supervisorId" IS NULL OR "supervisorId" = ${supervisorId})`}
      RETURNING ${callCardColumns}, "twilioSid"`
    return this.written(Prisma.sql`
      WITH call AS (${update}), event AS (
        INSERT INTO "CallEvent" ("callId", "type", "agentId", "data", "createdAt")
        SELECT "id", ${supervisions[mode].note}, ${supervisorId}, '{}'::jsonb, ${now} FROM call
      )${jobsPart(['supervise'], now, claimed)}
      SELECT call.*${claimed ? Prisma.sql`, (SELECT json_agg(json_build_object('id', "id", 'kind', "kind", 'attempts', "attempts") ORDER BY "id") FROM jobs) AS "jobs"` : Prisma.empty} FROM call`)
  }

  /**
   * Twilio refused a supervision change (the outbox gave up): one statement clears the call's supervision,
   * notes why (the board shows the notice) and, when a supervisor was in it, queues a `supervise` job that
   * takes their phone out of the conference, so the row and Twilio agree. A refused Leave changes nothing but
   * the note (nobody is supervising any more), so a refusal never queues another refusal.
   */
  async supervisionFailed(callId: number, notice: string): Promise<Written | null> {
    const now = this.clock()
    const claimed = this.claimForThisProcess()
    const claim = claimed ? Prisma.sql`${now}::timestamp, 1` : Prisma.sql`NULL::timestamp, 0`
    return this.written(Prisma.sql`
      WITH before AS (SELECT "id", "supervision", "supervisorId" FROM "Call" WHERE "id" = ${callId} FOR UPDATE),
      call AS (
        UPDATE "Call" SET "supervision" = NULL, "supervisorId" = NULL, "updatedAt" = ${now}
        WHERE "id" = (SELECT "id" FROM before)
        RETURNING ${callCardColumns}, "twilioSid"
      ), event AS (
        INSERT INTO "CallEvent" ("callId", "type", "agentId", "data", "createdAt")
        SELECT "id", 'supervision_failed', "supervisorId", jsonb_build_object('notice', ${notice}::text), ${now} FROM before
      ), jobs AS (
        INSERT INTO "OutboxJob" ("kind", "callId", "runAt", "createdAt", "lockedAt", "attempts")
        SELECT 'supervise', "id", ${now}, ${now}, ${claim} FROM before WHERE "supervision" IS NOT NULL
        RETURNING "id", "kind", "attempts"
      )
      SELECT call.*${claimed ? Prisma.sql`, (SELECT json_agg(json_build_object('id', "id", 'kind', "kind", 'attempts', "attempts") ORDER BY "id") FROM jobs) AS "jobs"` : Prisma.empty} FROM call`)
  }

  /** Status callbacks can arrive out of order: false for one older than the newest seen. */
  async recordSequence(callId: number, sequence: number | undefined): Promise<boolean> {
    if (sequence === undefined) return true
    const { count } = await this.db.call.updateMany({
      where: { id: callId, OR: [{ lastSequenceNumber: null }, { lastSequenceNumber: { lt: sequence } }] },
      data: { lastSequenceNumber: sequence },
    })
    return count === 1
  }

  /** Claims due jobs with SKIP LOCKED; a claimed job whose worker died is claimed again after 30 seconds. */
  async claimJobs(limit = 20): Promise<ClaimedJob[]> {
    const now = this.clock()
    const rows = await this.db.$queryRaw<(Omit<ClaimedJob, 'call'> & { callStatus: string | null; twilioSid: string | null; agentId: number | null })[]>`
      WITH claimed AS (
        UPDATE "OutboxJob" SET "lockedAt" = ${now}, "attempts" = "attempts" + 1
        WHERE "id" IN (
          SELECT "id" FROM "OutboxJob"
          WHERE "doneAt" IS NULL AND "runAt" <= ${now} AND ("lockedAt" IS NULL OR "lockedAt" < ${new Date(now.getTime() - 30_000)})
          ORDER BY "id" LIMIT ${limit} FOR UPDATE SKIP LOCKED)
        RETURNING "id", "kind", "callId", "attempts")
      SELECT claimed.*, c."status"::text AS "callStatus", c."twilioSid", c."agentId"
      FROM claimed LEFT JOIN "Call" c ON c."id" = claimed."callId"
      ORDER BY claimed."id"`
    return rows.map(({ callStatus, twilioSid, agentId, ...job }) => ({
      ...job,
      call: job.callId && callStatus ? { id: job.callId, status: callStatus, twilioSid, agentId } : null,
    }))
  }

  async finishJob(id: number, lastError: string | null): Promise<void> {
    await this.db.outboxJob.update({ where: { id }, data: { doneAt: this.clock(), lockedAt: null, lastError } })
  }

  async retryJob(id: number, lastError: string, delayMs: number): Promise<void> {
    await this.db.outboxJob.update({ where: { id }, data: { lockedAt: null, lastError, runAt: new Date(this.clock().getTime() + delayMs) } })
  }

  /** The edge's timeline event, outbox jobs and change to the holding agent, written from the changed row. */
  private effects(change: Prisma.Sql, name: EdgeName, params: ApplyParams, now: Date, tasks?: TaskParts): Prisma.Sql {
    const row = edge(name)
    const actor = Prisma.sql`${params.agentId ?? null}::integer`
    const task = tasks ?? (row.task ? { before: Prisma.empty, after: taskPart(row.task, now) } : undefined)
    const claimed = row.jobs.length > 0 && this.claimForThisProcess()
    return Prisma.sql`
      WITH ${task?.before ?? Prisma.empty}call AS (${change}), event AS (
        INSERT INTO "CallEvent" ("callId", "type", "agentId", "data", "createdAt")
        SELECT "id", ${row.event}, COALESCE(${actor}, "agentId"), ${JSON.stringify(params.data ?? {})}::jsonb, ${now} FROM call
      )${jobsPart(row.jobs, now, claimed)}${agentPart(row.presence, row.idle, actor, now, row.awayReason)}${task?.after ?? Prisma.empty}
      SELECT call.*${task ? Prisma.sql`, ARRAY(SELECT "queueId" FROM task) AS "taskQueues"` : Prisma.empty}${claimed ? Prisma.sql`, (SELECT json_agg(json_build_object('id', "id", 'kind', "kind", 'attempts', "attempts") ORDER BY "id") FROM jobs) AS "jobs"` : Prisma.empty} FROM call`
  }

  private async written(statement: Prisma.Sql): Promise<Written | null> {
    const [row] = await this.db.$queryRaw<WrittenRow[]>(statement)
    if (!row) return null
    const { twilioSid, jobs, taskQueues, ...call } = row
    const line = { id: call.id, status: call.status, twilioSid, agentId: call.agentId }
    return { call, claimed: (jobs ?? []).map((job) => ({ ...job, callId: call.id, call: line })), taskQueues }
  }
}

/** A write the database refused because a unique key (a CallSid, one active call per agent) is taken. */
export function isUniqueViolation(error: unknown): boolean {
  const { code, message } = error as { code?: unknown; message?: unknown }
  return code === 'P2002' || /23505|unique constraint/i.test(String(message ?? ''))
}

function keyCondition(key: CallKey): Prisma.Sql {
  return typeof key === 'number' ? Prisma.sql`"id" = ${key}` : Prisma.sql`"twilioSid" = ${key.twilioSid}`
}

function statusList(statuses: readonly string[]): Prisma.Sql {
  return Prisma.join(statuses.map((status) => Prisma.sql`${status}::"CallStatus"`))
}

/** The timeline event each way a caller can arrive writes (the edges that create an inbound call). */
const ringEvents = Prisma.sql`(CASE "status" WHEN 'in_menu' THEN ${edges.entered_menu.event} WHEN 'voicemail' THEN ${edges.after_hours.event} ELSE ${edges.received.event} END)`

/** CTEs around an edge's statement for its missed calls: `before` the call's change, `after` its event; `task` names them. */
interface TaskParts {
  before: Prisma.Sql
  after: Prisma.Sql
}

/**
 * Opens a missed call of that kind for the changed call (once per call), or for `answered` settles the
 * caller's open missed calls, each noting it on its own call's timeline.
 */
function taskPart(effect: TaskEffect, now: Date, where: Prisma.Sql = Prisma.empty): Prisma.Sql {
  if (effect === 'answered') {
    return Prisma.sql`, task AS (
      UPDATE "MissedCall" m SET "status" = 'done', "closedByCallId" = call."id", "closedAt" = ${now}, "updatedAt" = ${now}
      FROM call WHERE m."from" = call."from" AND m."status" = 'open' AND m."callId" <> call."id"
      RETURNING m."queueId", m."callId", call."id" AS "answeredId"
    ), settled AS (
      INSERT INTO "CallEvent" ("callId", "type", "data", "createdAt")
      SELECT "callId", 'missed_call_done', jsonb_build_object('callId', "answeredId"), ${now} FROM task
    )`
  }
  return Prisma.sql`, task AS (
      INSERT INTO "MissedCall" ("kind", "callId", "queueId", "from", "callerName", "waitSeconds", "createdAt", "updatedAt")
      SELECT ${effect}::"MissedCallKind", "id", "queueId", "from", "callerName",
        GREATEST(0, FLOOR(EXTRACT(EPOCH FROM (${now}::timestamp - COALESCE("queuedAt", "createdAt")))))::integer, ${now}, ${now}
      FROM call ${where}
      ON CONFLICT ("callId") DO NOTHING
      RETURNING "queueId"
    )`
}

/** Claims the missed call being called back (row lock first), then settles the caller's open missed calls. */
function callBackParts(missedCallId: number, agentId: number, now: Date): TaskParts {
  return {
    before: Prisma.sql`claimed AS (SELECT "id", "from" FROM "MissedCall" WHERE "id" = ${missedCallId} AND "status" = 'open' FOR UPDATE), `,
    after: Prisma.sql`, task AS (
      UPDATE "MissedCall" m SET "status" = 'done', "closedById" = ${agentId}, "closedByCallId" = call."id", "closedAt" = ${now}, "updatedAt" = ${now}
      FROM call, claimed WHERE m."status" = 'open' AND (m."id" = claimed."id" OR m."from" = claimed."from")
      RETURNING m."queueId", m."callId", call."id" AS "callBackId"
    ), noted AS (
      INSERT INTO "CallEvent" ("callId", "type", "agentId", "data", "createdAt")
      SELECT "callId", 'called_back', ${agentId}, jsonb_build_object('callId', "callBackId"), ${now} FROM task
    )`,
  }
}

/**
 * A cold transfer's conditions and changes. An offer goes only to another agent who is online, holds no
 * call and is offered no other transfer; taking it swaps the two agents (PostgreSQL reads the old row on the
 * right of every SET), so this edge's row still names the first agent for its push.
 */
function transferPart(kind: NonNullable<Edge['transfer']>, warm: boolean, params: ApplyParams, conditions: Prisma.Sql[], sets: Prisma.Sql[]): void {
  if (kind === 'offer') {
    sets.push(Prisma.sql`"transferWarm" = ${warm}`)
    conditions.push(Prisma.sql`"agentId" <> ${params.targetId} AND EXISTS (
      SELECT 1 FROM "Agent" a WHERE a."id" = ${params.targetId} AND a."presence" = 'online'
        AND NOT EXISTS (SELECT 1 FROM "Call" b WHERE (b."agentId" = a."id" AND b."status" IN (${statusList(activeStatuses)})) OR (b."transferToId" = a."id" AND b."status" IN ('transferring', 'consulting'))))`)
    sets.push(Prisma.sql`"transferToId" = ${params.targetId}::integer`)
  } else if (kind === 'take') {
    conditions.push(Prisma.sql`"transferToId" = ${params.agentId} AND NOT "transferWarm"`)
    sets.push(Prisma.sql`"agentId" = "transferToId", "transferToId" = "agentId"`)
  } else if (kind === 'consult') {
    conditions.push(Prisma.sql`"transferToId" = ${params.agentId} AND "transferWarm"`)
  } else if (kind === 'hand_over') {
    conditions.push(Prisma.sql`"transferToId" IS NOT NULL`)
    sets.push(Prisma.sql`"agentId" = "transferToId", "transferToId" = "agentId"`)
  } else if (kind === 'take_back') {
    conditions.push(Prisma.sql`"transferToId" = ${params.agentId} AND "transferWarm"`)
    sets.push(Prisma.sql`"agentId" = "transferToId", "transferToId" = "agentId"`)
  } else if (kind === 'keep') {
    conditions.push(Prisma.sql`"transferToId" IS NOT NULL`)
  } else if (kind === 'clear') {
    conditions.push(Prisma.sql`"transferToId" = ${params.agentId}`)
    sets.push(Prisma.sql`"transferToId" = NULL`)
  } else {
    sets.push(Prisma.sql`"transferToId" = NULL`)
  }
}

function jobsPart(jobs: readonly JobKind[], now: Date, claimed: boolean): Prisma.Sql {
  if (jobs.length === 0) return Prisma.empty
  const claim = claimed ? Prisma.sql`${now}::timestamp, 1` : Prisma.sql`NULL::timestamp, 0`
  return Prisma.sql`, jobs AS (
      INSERT INTO "OutboxJob" ("kind", "callId", "runAt", "createdAt", "lockedAt", "attempts")
      SELECT kind, call."id", ${now}, ${now}, ${claim} FROM call, unnest(ARRAY[${Prisma.join([...jobs])}]::text[]) AS kind
      RETURNING "id", "kind", "attempts"
    )`
}

/** The holding agent's change; setting them away also records the state change with the edge's reason. */
function agentPart(presence: 'away' | undefined, idle: true | undefined, actor: Prisma.Sql, now: Date, reason?: string): Prisma.Sql {
  if (!presence && !idle) return Prisma.empty
  const sets = [Prisma.sql`"updatedAt" = ${now}`]
  if (presence) sets.push(Prisma.sql`"presence" = ${presence}::"Presence", "awayReason" = ${reason ?? null}::text, "presenceSince" = ${now}`)
  if (idle) sets.push(Prisma.sql`"lastCallEndedAt" = ${now}`)
  const recorded = presence
    ? Prisma.sql`, state AS (
      INSERT INTO "AgentStateChange" ("agentId", "presence", "reason", "createdAt") SELECT "id", ${presence}::"Presence", ${reason ?? null}::text, ${now} FROM agent
    )`
    : Prisma.empty
  return Prisma.sql`, agent AS (
      UPDATE "Agent" SET ${Prisma.join(sets, ', ')} WHERE "id" = (SELECT COALESCE(${actor}, "agentId") FROM call) RETURNING "id"
    )${recorded}`
}
