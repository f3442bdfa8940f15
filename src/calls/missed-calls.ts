import type { Prisma, PrismaClient } from '../db/client.ts'
import type { CallStore } from './store.ts'
import type { DialOutcome } from './cards.ts'
import { dialForm } from './numbers.ts'

/** Who acts on a missed call: an admin sees every queue's, an agent their queues' (and calls that were in none). */
export interface Viewer {
  id: number
  role: 'agent' | 'admin'
}

export const missedKindLabels = { abandoned: 'Hung up waiting', voicemail: 'Voicemail', callback: 'Asked for a call back' } as const

export type MissedCallOutcome = { ok: true } | { ok: false; status: 404 | 409 | 422; reason: string }

type Dial = (agentId: number, from: string, to: string, missedCallId: number) => Promise<DialOutcome>

const listSelect = {
  id: true,
  kind: true,
  from: true,
  callerName: true,
  waitSeconds: true,
  createdAt: true,
  queue: { select: { name: true } },
  call: { select: { recordings: { where: { kind: 'voicemail' }, orderBy: { id: 'desc' }, take: 1, select: { id: true, status: true, durationSeconds: true, transcript: true } } } },
} satisfies Prisma.MissedCallSelect

export type MissedCallItem = Prisma.MissedCallGetPayload<{ select: typeof listSelect }>

/**
 * The team's missed calls (abandoned calls, voicemails, callback requests) as the Call model's facet:
 * listing them for an agent, calling one back through the outbound flow, dismissing one with a reason.
 * Edges open and settle them in their own statements; every change is announced to `onChange` listeners
 * with the queues it touched, so panels of those queues' agents re-render.
 */
export class MissedCalls {
  private readonly listeners = new Set<(queueIds: (number | null)[]) => void>()

  constructor(
    private readonly db: PrismaClient,
    private readonly store: CallStore,
    private readonly dial: Dial,
  ) {}

  /** Open missed calls the agent may act on, newest first, each with its voicemail if one was left. */
  listFor(viewer: Viewer): Promise<MissedCallItem[]> {
    return this.db.missedCall.findMany({ where: { status: 'open', ...visibleTo(viewer) }, orderBy: [{ createdAt: 'desc' }, { id: 'desc' }], take: 50, select: listSelect })
  }

  /** Calls the caller back from the agent's browser (from `from`, the team's number); the missed call is settled in the same statement. */
  async callBack(viewer: Viewer, id: number, from: string): Promise<MissedCallOutcome> {
    const task = await this.find(viewer, id)
    if (!task) return notFound
    if (task.status !== 'open') return settled(task.status)
    const number = dialForm.safeParse({ number: task.from })
    if (!number.success) return { ok: false, status: 422, reason: `The caller’s number (${task.from}) cannot be dialled.` }
    const outcome = await this.dial(viewer.id, from, number.data.number, id)
    if (outcome.ok) return { ok: true }
    const now = await this.find(viewer, id)
    return now && now.status !== 'open' ? settled(now.status) : { ok: false, status: 409, reason: outcome.reason }
  }

  async dismiss(viewer: Viewer, id: number, reason: string): Promise<MissedCallOutcome> {
    const task = await this.find(viewer, id)
    if (!task) return notFound
    if (!(await this.store.dismissMissedCall(id, viewer.id, reason))) return settled((await this.find(viewer, id))?.status ?? 'done')
    this.changed([task.queueId])
    return { ok: true }
  }

  changed(queueIds: (number | null)[]): void {
    if (queueIds.length === 0) return
    for (const listener of this.listeners) listener(queueIds)
  }

  onChange(listener: (queueIds: (number | null)[]) => void): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  private find(viewer: Viewer, id: number) {
    return this.db.missedCall.findFirst({ where: { id, ...visibleTo(viewer) }, select: { id: true, status: true, from: true, queueId: true } })
  }
}

const notFound = { ok: false, status: 404, reason: 'No such missed call.' } as const

function settled(status: string): MissedCallOutcome {
  return { ok: false, status: 409, reason: status === 'dismissed' ? 'This missed call was dismissed.' : 'Someone has already called this caller back.' }
}

function visibleTo(viewer: Viewer): Prisma.MissedCallWhereInput {
  if (viewer.role === 'admin') return {}
  return { OR: [{ queueId: null }, { queue: { members: { some: { agentId: viewer.id } } } }] }
}
