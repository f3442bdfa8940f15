import type { FastifyInstance } from 'fastify'
import type { CallStatus, Prisma, PrismaClient, TransactionClient } from '../db/client.ts'
import type { callCardSelect } from './container.ts'
import { afterCommit } from './effects.ts'
import type { JobKind } from './jobs.ts'
import { transitionStatement, type AgentChanges, type CallChanges, type CallKey } from './transition-sql.ts'

export type CallCard = Prisma.CallGetPayload<{ select: typeof callCardSelect }>

export type TransitionName =
  | 'received'
  | 'offered'
  | 'declined'
  | 'withdrawn'
  | 'offer_timed_out'
  | 'accepted'
  | 'accept_failed'
  | 'connected'
  | 'agent_missed'
  | 'ended'
  | 'end_failed'
  | 'abandoned'
  | 'hung_up'
  | 'failed'
  | 'dialing'
  | 'ringing'
  | 'busy'
  | 'no_answer'
  | 'canceled'

export interface TransitionSpec {
  from: CallStatus[]
  /** The version the client saw; omitted for Twilio's own reports, which are ordered by status alone. */
  version?: number
  /** The agent who must hold the call for the change to apply (and who acted). */
  agentId?: number
  data: CallChanges
  event?: Prisma.InputJsonObject
  jobs?: JobKind[]
  /** A line for the card, e.g. why a REST call failed. */
  notice?: string
  /** What changes for the agent in the same transaction (idle since, away). */
  agentData?: AgentChanges
}

export interface Change {
  name: TransitionName
  call: CallCard
  /** The agent whose panel shows the call: the one who acted, or the call's agent. */
  agentId: number | null
  notice?: string
  /** Whether the transaction queued outbox jobs, so the worker is worth waking. */
  queuedJobs?: boolean
}

/** One conditional update on (id, status, version[, agent]) plus its timeline event and outbox jobs, in one statement. */
export async function applyTransition(db: TransactionClient | PrismaClient, callId: CallKey, name: TransitionName, spec: TransitionSpec): Promise<Change | null> {
  const event = { ...spec.event, ...(spec.notice ? { notice: spec.notice } : {}) }
  const [call] = await db.$queryRaw<CallCard[]>(transitionStatement({ ...spec, callId, name, event, jobs: spec.jobs ?? [] }))
  if (!call) return null
  return { name, call, agentId: spec.agentId ?? call.agentId, notice: spec.notice, queuedJobs: Boolean(spec.jobs?.length) }
}

/** Runs a transition (atomic on its own); after commit, the call's one hook decides the effects. */
export async function transition(app: FastifyInstance, callId: CallKey, name: TransitionName, spec: TransitionSpec): Promise<Change | null> {
  const change = await applyTransition(app.prisma, callId, name, spec)
  if (change) afterCommit(app, change)
  return change
}
