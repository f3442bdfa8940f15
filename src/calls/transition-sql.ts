import { Prisma, type CallStatus, type EndReason, type Presence } from '../db/client.ts'
import { callCardSelect } from './container.ts'

/** What a transition may change on the call: state, holder, and the times that mark it. */
export interface CallChanges {
  status: CallStatus
  agentId?: number | null
  endReason?: EndReason | null
  endedAt?: Date | null
  answeredAt?: Date | null
}

export interface AgentChanges {
  presence?: Presence
  lastCallEndedAt?: Date
}

/** A call by its id, or by Twilio's CallSid when a webhook is all we have. */
export type CallKey = number | { twilioSid: string }

export interface Statement {
  callId: CallKey
  name: string
  from: CallStatus[]
  version?: number
  agentId?: number
  data: CallChanges
  event: Prisma.InputJsonObject
  jobs: string[]
  agentData?: AgentChanges
}

/** The card's columns, from the one `select` the card is rendered with. */
export const callCardColumns = Prisma.raw(Object.keys(callCardSelect).map((column) => `"${column}"`).join(', '))

/**
 * A transition as one statement: the conditional update, its timeline event, its outbox jobs and the
 * agent's change, all or nothing, in one round trip. Prisma keeps timestamps in UTC, so they are passed in.
 */
export function transitionStatement(s: Statement, now = new Date()): Prisma.Sql {
  const actor = Prisma.sql`${s.agentId ?? null}::integer`
  return Prisma.sql`
    WITH call AS (
      UPDATE "Call" SET ${callSets(s.data, now)} WHERE ${conditions(s)} RETURNING ${callCardColumns}
    ), event AS (
      INSERT INTO "CallEvent" ("callId", "type", "agentId", "data", "createdAt")
      SELECT "id", ${s.name}, COALESCE(${actor}, "agentId"), ${JSON.stringify(s.event)}::jsonb, ${now} FROM call
    )${jobsPart(s.jobs, now)}${agentPart(s.agentData, actor, now)}
    SELECT * FROM call`
}

function conditions(s: Statement): Prisma.Sql {
  const key = typeof s.callId === 'number' ? Prisma.sql`"id" = ${s.callId}` : Prisma.sql`"twilioSid" = ${s.callId.twilioSid}`
  const parts = [key, Prisma.sql`"status" IN (${Prisma.join(s.from.map((status) => Prisma.sql`${status}::"CallStatus"`))})`]
  if (s.version !== undefined) parts.push(Prisma.sql`"version" = ${s.version}`)
  if (s.agentId !== undefined) parts.push(Prisma.sql`"agentId" = ${s.agentId}`)
  return Prisma.join(parts, ' AND ')
}

function callSets(data: CallChanges, now: Date): Prisma.Sql {
  const sets = [Prisma.sql`"status" = ${data.status}::"CallStatus"`, Prisma.sql`"version" = "version" + 1`, Prisma.sql`"updatedAt" = ${now}`]
  if (data.agentId !== undefined) sets.push(Prisma.sql`"agentId" = ${data.agentId}::integer`)
  if (data.endReason !== undefined) sets.push(Prisma.sql`"endReason" = ${data.endReason}::"EndReason"`)
  if (data.endedAt !== undefined) sets.push(Prisma.sql`"endedAt" = ${data.endedAt}::timestamp(3)`)
  if (data.answeredAt !== undefined) sets.push(Prisma.sql`"answeredAt" = ${data.answeredAt}::timestamp(3)`)
  return Prisma.join(sets, ', ')
}

function jobsPart(jobs: string[], now: Date): Prisma.Sql {
  if (jobs.length === 0) return Prisma.empty
  return Prisma.sql`, jobs AS (
      INSERT INTO "OutboxJob" ("kind", "callId", "runAt", "createdAt")
      SELECT kind, call."id", ${now}, ${now} FROM call, unnest(ARRAY[${Prisma.join(jobs)}]::text[]) AS kind
    )`
}

function agentPart(data: AgentChanges | undefined, actor: Prisma.Sql, now: Date): Prisma.Sql {
  if (!data) return Prisma.empty
  const sets = [Prisma.sql`"updatedAt" = ${now}`]
  if (data.presence) sets.push(Prisma.sql`"presence" = ${data.presence}::"Presence"`)
  if (data.lastCallEndedAt) sets.push(Prisma.sql`"lastCallEndedAt" = ${data.lastCallEndedAt}`)
  return Prisma.sql`, agent AS (
      UPDATE "Agent" SET ${Prisma.join(sets, ', ')} WHERE "id" = (SELECT COALESCE(${actor}, "agentId") FROM call)
    )`
}
