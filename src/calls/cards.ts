import { Prisma, type PrismaClient } from '../db/client.ts'
import { activeStatuses, phoneStatuses } from './lifecycle.ts'

/** The columns a call card is rendered from; every statement that changes a call returns exactly these. */
export const callCardSelect = {
  id: true,
  status: true,
  direction: true,
  from: true,
  to: true,
  callerName: true,
  agentId: true,
  version: true,
  endReason: true,
  queueId: true,
  queuedAt: true,
  answeredAt: true,
  heldAt: true,
  transferToId: true,
  transferWarm: true,
  supervision: true,
  recordingPaused: true,
  endedAt: true,
  wrapUpEndsAt: true,
  wrapUpDoneAt: true,
  createdAt: true,
} as const

export type CallCard = Prisma.CallGetPayload<{ select: typeof callCardSelect }>

const cardColumnNames = Object.keys(callCardSelect)

export const callCardColumns = Prisma.raw(cardColumnNames.map((column) => `"${column}"`).join(', '))

/** The card's columns of a table alias, for statements that join. */
export function callCardColumnsOf(alias: string): Prisma.Sql {
  return Prisma.raw(cardColumnNames.map((column) => `${alias}."${column}"`).join(', '))
}

export interface WrapUpChoices {
  dispositions: string[]
  required: boolean
}

/** Reads of calls as cards: one call, an agent's panel, their recent calls. */
export class Cards {
  constructor(private readonly db: PrismaClient) {}

  find(id: number): Promise<CallCard | null> {
    return this.db.call.findUnique({ where: { id }, select: callCardSelect })
  }

  findBySid(twilioSid: string): Promise<CallCard | null> {
    return this.db.call.findUnique({ where: { twilioSid }, select: callCardSelect })
  }

  /** The agent's `#call_container` as it stands in the database: what a (re)connecting panel shows. */
  held(agentId: number): Promise<CallCard[]> {
    return this.db.call.findMany({
      where: {
        OR: [
          { agentId, status: { in: [...activeStatuses] } },
          { agentId, status: 'ended', wrapUpDoneAt: null, wrapUpEndsAt: { not: null } },
          { transferToId: agentId, status: { in: ['transferring', 'consulting'] } },
        ],
      },
      orderBy: { createdAt: 'desc' },
      select: callCardSelect,
    })
  }

  /** Wrap-ups whose time ran out before this moment with nobody closing them (a lost timer, another instance). */
  wrapUpsEndedBefore(now: Date) {
    return this.db.call.findMany({ where: { status: 'ended', wrapUpDoneAt: null, wrapUpEndsAt: { lte: now }, agentId: { not: null } }, select: { id: true, agentId: true, version: true } })
  }

  /** What the wrap-up card offers: the team's dispositions, and whether one must be chosen. */
  async wrapUpChoices(): Promise<WrapUpChoices> {
    const settings = await this.db.teamSettings.findUnique({ where: { id: 1 }, select: { dispositions: true, dispositionRequired: true } })
    return { dispositions: settings?.dispositions ?? [], required: settings?.dispositionRequired ?? false }
  }

  /** The call an agent's phone report is about: one it is ringing or talking on, else one that ended since `endedSince`. */
  onPhone(agentId: number, endedSince: Date): Promise<CallCard | null> {
    return this.db.call.findFirst({
      where: { agentId, OR: [{ status: { in: [...phoneStatuses] } }, { status: 'ended', endedAt: { gte: endedSince } }] },
      orderBy: [{ updatedAt: 'desc' }, { id: 'desc' }],
      select: callCardSelect,
    })
  }

  /** The call's conference bridge: the caller's sid, the conference and the agent's participant leg. */
  bridge(id: number) {
    return this.db.call.findUnique({ where: { id }, select: { direction: true, to: true, twilioSid: true, conferenceSid: true, agentCallSid: true, agentId: true, transferToId: true, status: true, supervision: true, supervisorId: true } })
  }

  /** Agents a call can be transferred to now: online, holding no call, offered no other transfer. */
  transferTargets(agentId: number) {
    return this.db.agent.findMany({
      where: {
        id: { not: agentId },
        presence: 'online',
        calls: { none: { status: { in: [...activeStatuses] } } },
        transfersOffered: { none: { status: { in: ['transferring', 'consulting'] } } },
      },
      orderBy: { name: 'asc' },
      select: { id: true, name: true },
    })
  }

  /** An agent's name, for the sentences on a card. */
  async agentName(id: number): Promise<string> {
    return (await this.db.agent.findUnique({ where: { id }, select: { name: true } }))?.name ?? 'The other agent'
  }

  recent(agentId: number): Promise<CallCard[]> {
    return this.db.call.findMany({ where: { agentId, status: 'ended' }, orderBy: { endedAt: 'desc' }, take: 10, select: callCardSelect })
  }

  /** An outbound call whose agent leg is this CallSid and whose number is still to be dialed. */
  waitingToDial(id: number, agentLegSid: string) {
    return this.db.call.findFirst({ where: { id, twilioSid: agentLegSid, direction: 'outbound', status: 'dialing' }, select: { from: true, to: true } })
  }

  /** Calls the database thinks are live and Twilio knows by a sid (a caller waiting to be called back has hung up on purpose). */
  async unfinished(): Promise<{ id: number; direction: string; twilioSid: string }[]> {
    const rows = await this.db.call.findMany({ where: { status: { notIn: ['ended', 'callback_requested'] }, twilioSid: { not: null } }, orderBy: { id: 'asc' }, select: { id: true, direction: true, twilioSid: true } })
    return rows.map((row) => ({ ...row, twilioSid: row.twilioSid! }))
  }

  /** Whether any agent is online with a panel seen since `connectedSince` (the routing statement's own test, alone). */
  async anyoneConnected(connectedSince: Date): Promise<boolean> {
    const found = await this.db.agent.findFirst({ where: { presence: 'online', connections: { some: { seenAt: { gt: connectedSince } } } }, select: { id: true } })
    return found !== null
  }

  offersOlderThan(cutoff: Date) {
    return this.db.call.findMany({ where: { status: 'offered', updatedAt: { lt: cutoff }, agentId: { not: null } }, select: { id: true, agentId: true, version: true } })
  }

  offersHeldBy(agentId: number) {
    return this.db.call.findMany({ where: { agentId, status: 'offered' }, select: { id: true } })
  }

  /** What keeps an agent from dialing out: their presence and any call they hold. */
  async dialState(agentId: number) {
    const agent = await this.db.agent.findUnique({
      where: { id: agentId },
      select: { presence: true, calls: { where: { status: { in: [...activeStatuses] } }, select: { status: true }, take: 1 } },
    })
    return { presence: agent?.presence ?? 'offline', busyWith: agent?.calls[0]?.status }
  }
}

/** What an agent's Dial (or Call back) comes to: the new call's card, or why not. */
export type DialOutcome = { ok: true; call: CallCard } | { ok: false; reason: string }
