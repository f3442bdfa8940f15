import type { FastifyInstance } from 'fastify'
import type { CallStatus, Prisma, TransactionClient } from '../db/client.ts'
import { callCardSelect } from './container.ts'
import { afterCommit } from './effects.ts'
import type { JobKind } from './jobs.ts'

export type CallCard = Prisma.CallGetPayload<{ select: typeof callCardSelect }>

export type TransitionName =
  | 'received'
  | 'offered'
  | 'declined'
  | 'withdrawn'
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
  data: Prisma.CallUncheckedUpdateManyInput
  event?: Prisma.InputJsonObject
  jobs?: JobKind[]
  /** A line for the card, e.g. why a REST call failed. */
  notice?: string
  /** What changes for the agent in the same transaction (idle since, away). */
  agentData?: Prisma.AgentUpdateInput
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

/** One conditional update on (id, status, version[, agent]) plus its timeline event and outbox jobs. */
export async function applyTransition(tx: TransactionClient, callId: number, name: TransitionName, spec: TransitionSpec): Promise<Change | null> {
  const [call] = await tx.call.updateManyAndReturn({
    where: { id: callId, status: { in: spec.from }, version: spec.version, ...(spec.agentId ? { agentId: spec.agentId } : {}) },
    data: { ...spec.data, version: { increment: 1 } },
    select: callCardSelect,
  })
  if (!call) return null
  const agentId = spec.agentId ?? call.agentId
  await tx.callEvent.create({ data: { callId, type: name, agentId, data: { ...spec.event, ...(spec.notice ? { notice: spec.notice } : {}) } } })
  if (spec.agentData && agentId) await tx.agent.update({ where: { id: agentId }, data: spec.agentData })
  if (spec.jobs?.length) await tx.outboxJob.createMany({ data: spec.jobs.map((kind) => ({ kind, callId })) })
  return { name, call, agentId, notice: spec.notice, queuedJobs: Boolean(spec.jobs?.length) }
}

/** Runs a transition in its own transaction; after commit, the call's one hook decides the effects. */
export async function transition(app: FastifyInstance, callId: number, name: TransitionName, spec: TransitionSpec): Promise<Change | null> {
  const change = await app.prisma.$transaction((tx) => applyTransition(tx, callId, name, spec))
  if (change) afterCommit(app, change)
  return change
}
