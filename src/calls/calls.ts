import type { FastifyBaseLogger } from 'fastify'
import type { Prisma, PrismaClient } from '../db/client.ts'
import { dialRefusal, edge, edges, inWrapUp, notes, phoneProblemNotice, refusal, supervisions, transferReturned, transferTargetBusy, wrapUpSteps, type CardAction, type SupervisionMode, type Edge, type EdgeName, type NoteName, type PhoneProblemKind, type WrapUpStepName } from './lifecycle.ts'
import type { CallCard, Cards, DialOutcome } from './cards.ts'
import { isUniqueViolation, type ApplyParams, type CallKey, type CallStore, type ClaimedJob, type Ring, type Written } from './store.ts'
import { MissedCalls } from './missed-calls.ts'
import type { Pushes } from './pushes.ts'
import { OfferTimers } from './offers.ts'
import { RingBatch } from './ring-batch.ts'
import { Router } from './routing.ts'
import { TwilioReports } from './twilio-reports.ts'

/** The edge that stores a ring, by where the caller starts. */
const ringEdges = { queued: 'received', in_menu: 'entered_menu', voicemail: 'after_hours' } as const satisfies Record<string, EdgeName>

export interface CallsDeps {
  /** For the facets' reads (missed calls). */
  db: PrismaClient
  store: CallStore
  cards: Cards
  pushes: Pushes
  /** Wakes the outbox; jobs the edge's statement claimed for this process are run at once. */
  outbox: { kick(claimed?: ClaimedJob[]): void }
  clock: () => Date
  log: FastifyBaseLogger
  offerTimeoutMs: number
  /** WRAP_UP_SECONDS in ms (0: no wrap-up; the store starts none). */
  wrapUpMs?: number
  /** Panels seen since this moment count as connected (the connection TTL). */
  connectedSince: () => Date
  /** Whether the agent's card says a supervisor is listening (SUPERVISOR_NOTE). */
  supervisorNote?: boolean
}

/** What the hook needs to know about an applied edge. */
export interface Change {
  /** The lifecycle edge applied, the wrap-up step taken, or the timeline note written. */
  name: EdgeName | NoteName | WrapUpStepName
  call: CallCard
  /** The agent whose panel shows the call: the one who acted, or the call's agent. */
  agentId: number | null
  notice?: string
  /** Queues whose missed calls the edge opened or settled. */
  taskQueues?: (number | null)[]
}

/** What an agent's phone reported (public/device.js posts it): Twilio's error, and the leg's CallSid if it had one. */
export interface PhoneReport {
  kind: PhoneProblemKind
  message: string
  code?: number
  callSid?: string
}

/** A report arriving this soon after its call ended is still about that call (the SDK reports, then Twilio hangs up). */
const reportAfterEndMs = 60_000

export type Click = { ok: true; call: CallCard } | { ok: false; reason: string; call: CallCard | null } | null
export type WrapUpOutcome = { ok: true; call: CallCard } | { ok: false; reason: string; call: CallCard | null } | null

/**
 * The Call model: one command per intent. Each applies rows of the lifecycle table through the store,
 * then the one after-commit hook pushes cards, wakes the outbox and re-routes, as the row says.
 */
export class Calls {
  readonly twilio: TwilioReports
  readonly missed: MissedCalls
  private readonly router: Router
  private readonly offers: OfferTimers
  private readonly wrapUps: OfferTimers
  private readonly transfers: OfferTimers
  private readonly rings: RingBatch
  private readonly listeners = new Set<(change: Change) => void>()

  constructor(private readonly deps: CallsDeps) {
    this.router = new Router(() => this.serveNext(), deps.log, () => deps.cards.anyoneConnected(deps.connectedSince()))
    this.offers = new OfferTimers(deps.offerTimeoutMs, (id, agentId, version) => this.expireOffer(id, agentId, version))
    this.wrapUps = new OfferTimers(deps.wrapUpMs ?? 0, (id, agentId, version) => this.expireWrapUp(id, agentId, version))
    this.transfers = new OfferTimers(deps.offerTimeoutMs, (id, targetId, version) => this.transferReturns('transfer_timed_out', id, targetId, version))
    this.rings = new RingBatch((rings) => deps.store.insertRings(rings))
    this.twilio = new TwilioReports((name, key, params, notice) => this.apply(name, key, params, notice), deps.store, deps.cards)
    this.missed = new MissedCalls(deps.db, deps.store, (agentId, from, to, missedCallId) => this.dial(agentId, from, to, missedCallId))
  }

  /** Reads of calls as cards (panels, snapshots). */
  get cards(): Cards {
    return this.deps.cards
  }

  /** Twilio's first webhook for a caller: stored once per CallSid in the queue (then routed), the menu, or after hours the voicemail prompt. */
  async receive(ring: Ring): Promise<CallCard | null> {
    return this.commit(ringEdges[ring.status ?? 'queued'], null, async () => {
      const call = await this.rings.add(ring)
      return call && { call, claimed: [] }
    })
  }

  /** A card's button: the new card, or why nothing changed (with the card only when it is the agent's own). */
  async click(callId: number, agentId: number, action: CardAction, version: number, targetId?: number): Promise<Click> {
    const params = { agentId, version }
    const call =
      action === 'transfer' ? await this.apply('transfer_offered', callId, { ...params, targetId: targetId ?? 0 })
      : action === 'warm_transfer' ? await this.apply('warm_transfer_offered', callId, { ...params, targetId: targetId ?? 0 })
      : action === 'accept_transfer' ? ((await this.apply('transfer_accepted', callId, params).catch(refusedIfBusy)) ?? (await this.apply('warm_transfer_accepted', callId, params)))
      : action === 'complete_transfer' ? await this.apply('transfer_completed', callId, params).catch(refusedIfBusy)
      : action === 'cancel_transfer' ? await this.apply('transfer_canceled', callId, params)
      : action === 'decline_transfer' ? await this.transferReturns('transfer_declined', callId, agentId, version)
      : action === 'accept' ? await this.apply('accepted', callId, params)
      : action === 'decline' ? await this.apply('declined', callId, params)
      : action === 'pause_recording' ? await this.apply('recording_paused', callId, params)
      : action === 'resume_recording' ? await this.apply('recording_resumed', callId, params)
      : action === 'hold' ? await this.apply('held', callId, params)
      : action === 'resume' ? await this.apply('resumed', callId, params)
      : ((await this.apply('ended', callId, params)) ?? (await this.apply('hung_up_by_agent', callId, params)) ?? (await this.apply('cancel', callId, params)))
    if (call) return { ok: true, call }
    const current = await this.deps.cards.find(callId)
    if (!current) return null
    if (action === 'accept_transfer' && current.status === 'transferring' && current.transferToId === agentId && current.version === version) {
      return { ok: false, reason: 'You are on another call: end it before taking a transfer.', call: null }
    }
    const reason = (action === 'transfer' || action === 'warm_transfer') && current.status === 'in_progress' && current.version === version && current.agentId === agentId ? transferTargetBusy : refusal(current, agentId, action)
    const shown = current.agentId === agentId || (['transferring', 'consulting'].includes(current.status) && current.transferToId === agentId)
    return { ok: false, reason, call: shown ? current : null }
  }

  /** An outbound call from the agent's browser; calling back a missed call settles it in the same statement. */
  async dial(agentId: number, from: string, to: string, missedCallId?: number): Promise<DialOutcome> {
    const call = await this.commit('dialing', agentId, () => this.deps.store.dial(agentId, from, to, missedCallId)).catch((error: unknown) => {
      if (isUniqueViolation(error)) return null
      throw error
    })
    if (call) return { ok: true, call }
    const { presence, busyWith } = await this.deps.cards.dialState(agentId)
    return { ok: false, reason: dialRefusal(presence, busyWith) ?? 'You are already on a call: end it before dialing another.' }
  }

  /** The transfer's target declined or did not answer: the call stays with the first agent, whose card says why. */
  private async transferReturns(name: 'transfer_declined' | 'transfer_timed_out', callId: number, targetId: number, version: number): Promise<CallCard | null> {
    const notice = transferReturned(name, await this.deps.cards.agentName(targetId))
    return this.apply(name, callId, { agentId: targetId, version }, notice).catch((error: unknown) => {
      this.deps.log.warn({ err: error, callId }, 'giving a transfer back failed')
      return null
    })
  }

  /** An admin listens, whispers, barges in or leaves: their phone joins the call's conference as the mode says. */
  supervise(callId: number, supervisorId: number, mode: SupervisionMode): Promise<CallCard | null> {
    return this.commit(supervisions[mode].note, null, () => this.deps.store.supervise(callId, supervisorId, mode))
  }

  /** An agent who goes offline gives back the offers they were holding. */
  async withdrawOffers(agentId: number): Promise<void> {
    for (const offer of await this.deps.cards.offersHeldBy(agentId)) await this.apply('withdrawn', offer.id, { agentId })
  }

  /** Nobody clicked Accept or Decline in time: the caller goes back to the queue, the agent is set away. */
  expireOffer(callId: number, agentId: number, version: number): Promise<CallCard | null> {
    return this.apply('offer_timed_out', callId, { agentId, version }).catch((error: unknown) => {
      this.deps.log.warn({ err: error, callId }, 'offer timeout check failed')
      return null
    })
  }

  /** After a restart no timer is left, and another instance's timers die with it: expire what is overdue. */
  async expireStaleOffers(): Promise<void> {
    for (const offer of await this.deps.cards.offersOlderThan(this.offers.cutoff(this.deps.clock()))) {
      await this.expireOffer(offer.id, offer.agentId!, offer.version)
    }
  }

  /**
   * **Done** on the wrap-up card: the disposition and notes are kept and the agent can be offered calls
   * again. Refused (with the card when it is theirs) when the wrap-up is over or the card was stale.
   */
  async wrapUp(callId: number, agentId: number, version: number, values: { disposition?: string | null; notes?: string | null }): Promise<WrapUpOutcome> {
    const call = await this.commit('wrapped_up', agentId, () => this.deps.store.finishWrapUp('wrapped_up', callId, agentId, version, values))
    if (call) return { ok: true, call }
    const current = await this.deps.cards.find(callId)
    if (!current) return null
    if (current.agentId !== agentId) return { ok: false, reason: current.status === 'ended' ? 'This call is over.' : 'Another agent has this call.', call: null }
    const reason = inWrapUp(current) ? 'This card was out of date; here is the call as it is now.' : 'The wrap-up of this call is already over.'
    return { ok: false, reason, call: current }
  }

  /** Nobody clicked Done in time: the wrap-up ends and the agent can be offered calls again. */
  expireWrapUp(callId: number, agentId: number, version: number): Promise<CallCard | null> {
    return this.commit('wrap_up_timed_out', agentId, () => this.deps.store.finishWrapUp('wrap_up_timed_out', callId, agentId, version)).catch((error: unknown) => {
      this.deps.log.warn({ err: error, callId }, 'wrap-up timeout failed')
      return null
    })
  }

  /** Wrap-ups whose timer was lost (a restart, another instance) end at the sweep. */
  async expireStaleWrapUps(): Promise<void> {
    for (const call of await this.deps.cards.wrapUpsEndedBefore(this.deps.clock())) await this.expireWrapUp(call.id, call.agentId!, call.version)
  }

  /** The agent's browser was dialed: a note on the timeline (the card does not change). */
  agentDialed(callId: number, agentId: number, identity: string): Promise<void> {
    return this.deps.store.note(callId, 'agent_dialed', agentId, { identity })
  }

  /** A timeline note; one the table says to show re-renders the card through the hook, with its notice. */
  private async noteOnCard(name: NoteName, call: CallCard, agentId: number, data: Prisma.InputJsonObject, notice: string): Promise<void> {
    await this.deps.store.note(call.id, name, agentId, data)
    this.afterCommit({ name, call, agentId, notice })
  }

  /**
   * The agent's phone reported a problem: a timeline note on the call it concerns, and the card re-rendered
   * to say why (an ended card comes back saying so). Nothing changes state; null when no call is concerned.
   */
  async phoneTrouble(agentId: number, report: PhoneReport): Promise<CallCard | null> {
    const call = await this.deps.cards.onPhone(agentId, new Date(this.deps.clock().getTime() - reportAfterEndMs))
    if (!call) return null
    const notice = phoneProblemNotice(report.kind, report.message, report.code)
    await this.noteOnCard('phone_trouble', call, agentId, { notice, ...(report.code ? { code: report.code } : {}), ...(report.callSid ? { callSid: report.callSid } : {}) }, notice)
    return call
  }

  /** A timeline note that changes no state (a menu choice not understood, say). */
  note(callId: number, name: NoteName, data: Prisma.InputJsonObject = {}): Promise<void> {
    return this.deps.store.note(callId, name, null, data)
  }

  /** Twilio created the agent leg of an outbound call: its sid is kept. True when the call ended meanwhile. */
  async agentLegPlaced(callId: number, agentId: number, sid: string, identity: string): Promise<boolean> {
    return (await this.deps.store.attachAgentLeg(callId, sid, agentId, identity)) === 'ended'
  }



  /** Twilio added the agent's browser to the call's conference: its leg's sid is kept. The call's status then. */
  agentCallPlaced(callId: number, agentId: number, sid: string, identity: string): Promise<string | null> {
    return this.deps.store.attachAgentCall(callId, sid, agentId, identity)
  }

  /** The new agent could not be added: the call goes back to the first agent (still in the conference), whose card says why. */
  async transferFailed(callId: number, notice: string) {
    const firstAgent = (await this.deps.cards.bridge(callId))?.transferToId
    return firstAgent ? this.apply('transfer_failed', callId, { agentId: firstAgent }, notice) : null
  }

  /** The consulted agent could not be added: the caller is back with the first agent (taken off hold), whose card says why. */
  async consultFailed(callId: number, message: string) {
    const target = (await this.deps.cards.bridge(callId))?.transferToId
    const name = target ? await this.deps.cards.agentName(target) : 'the other agent'
    return this.apply('consult_failed', callId, {}, `Could not bring ${name} into the call: ${message}. The caller is back with you.`)
  }

  /**
   * Complete transfer refused: the first agent holds the call again, both agents still talk with the caller on
   * hold, and the card says why. Complete and Cancel are safe to click again whichever step was refused
   * (each step is idempotent: a participant already gone is not an error).
   */
  async completeFailed(callId: number, message: string) {
    const firstAgent = (await this.deps.cards.bridge(callId))?.transferToId
    const notice = `Could not complete the transfer: ${message}. You are both still on the call and the caller is on hold: try Complete transfer again, or Cancel transfer.`
    return firstAgent ? this.apply('transfer_complete_failed', callId, { agentId: firstAgent }, notice).catch(refusedIfBusy) : null
  }

  /** Cancel transfer refused: the second agent is still in the call, the caller on hold; the card says so and offers Cancel again. */
  cancelFailed(callId: number, message: string) {
    return this.apply('transfer_cancel_failed', callId, {}, `Could not cancel the transfer: ${message}. Your colleague may still be on the call and the caller on hold: try Cancel transfer again.`)
  }

  /**
   * Twilio refused a Listen, Whisper, Barge or Leave: the call's supervision is cleared (the supervisor's phone
   * taken out of the conference by the job it queues) and the live board says why.
   */
  async supervisionFailed(callId: number, message: string) {
    const mode = (await this.deps.cards.bridge(callId))?.supervision as SupervisionMode | null | undefined
    const notice = mode && mode !== 'leave' ? `Could not ${supervisionVerbs[mode]}: ${message}. You are out of the call; choose Listen to try again.` : `Could not take the supervisor out of the call: ${message}. Hang up your phone to leave.`
    // The notice is the board's (read from the timeline), not the agent's card.
    return this.commit('supervision_failed', null, () => this.deps.store.supervisionFailed(callId, notice))
  }

  recordingPauseFailed(callId: number, notice: string) {
    return this.apply('recording_pause_failed', callId, {}, notice)
  }

  /** A refused hold: the caller is still talking. For a warm transfer, the target's offer is withdrawn too. */
  async holdFailed(callId: number, notice: string) {
    const held = await this.apply('hold_failed', callId, {}, notice)
    if (held) return held
    const target = (await this.deps.cards.bridge(callId))?.transferToId
    return target ? this.apply('warm_hold_failed', callId, { agentId: target }, `${notice}. The transfer was not offered; the caller is still with you.`) : null
  }

  resumeFailed(callId: number, notice: string) {
    return this.apply('resume_failed', callId, {}, notice)
  }

  /** Compensations, when Twilio refused what an edge asked for (the outbox gave up). */
  acceptFailed(callId: number, notice: string) {
    return this.apply('accept_failed', callId, {}, notice)
  }

  /** The hang-up never reached Twilio, so the line is still live: the card comes back to say so. */
  endFailed(callId: number, notice: string) {
    return this.apply('end_failed', callId, {}, notice)
  }

  dialFailed(callId: number, notice: string) {
    return this.apply('dial_failed', callId, {}, notice)
  }

  /** One routing pass now, asking afresh whether anyone is connected. */
  route(): Promise<number> {
    return this.router.route(true)
  }

  /** A routing pass soon; `fresh` when an agent came online or opened a panel. */
  routeLater(fresh = false): void {
    this.router.later(fresh)
  }

  onChange(listener: (change: Change) => void): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  stop(): void {
    this.router.stop()
    this.offers.stop()
    this.wrapUps.stop()
    this.transfers.stop()
  }

  /**
   * Applies one row of the lifecycle table (its guards decide; null when they refuse) and runs the hook.
   * The commands above and the Twilio facet are named uses of it. A notice (why Twilio refused) goes on
   * the card and into the timeline event.
   */
  apply(name: EdgeName, key: CallKey, params: ApplyParams = {}, notice?: string): Promise<CallCard | null> {
    const data = notice ? { ...params.data, notice } : params.data
    return this.commit(name, params.agentId ?? null, () => this.deps.store.apply(name, key, { ...params, data }), notice)
  }

  private async commit(name: EdgeName | NoteName | WrapUpStepName | ((call: CallCard) => EdgeName), actor: number | null, write: () => Promise<Written | null>, notice?: string): Promise<CallCard | null> {
    const written = await write()
    if (!written) return null
    const { call, claimed, taskQueues } = written
    this.afterCommit({ name: typeof name === 'function' ? name(call) : name, call, agentId: actor ?? call.agentId, notice, taskQueues }, claimed)
    return call
  }

  /** One routing step: the oldest waiting caller with a free agent of their queue is offered, or their call back comes due. */
  /**
   * Routers of other instances run the same statement; when one of them gave the chosen agent a call first,
   * the unique index refuses this one, and the next step picks again from the new state.
   */
  private async serveNext(): Promise<boolean> {
    try {
      return Boolean(await this.commit((call) => (call.status === 'offered' ? 'offered' : 'callback_due'), null, () => this.deps.store.offerNext(this.deps.connectedSince())))
    } catch (error) {
      if (!isUniqueViolation(error)) throw error
      this.deps.log.debug('routing: another instance offered that agent a call first; picking again')
      return true
    }
  }

  /** The Call's one after-commit hook: everything an edge causes besides its own statement. */
  private afterCommit(change: Change, claimed: ClaimedJob[] = []): void {
    const row = effectsOf(change, this.deps.supervisorNote ?? false)
    const { call, agentId } = change
    if (row.jobs.length > 0) this.deps.outbox.kick(claimed)
    const giveBack = row.transfer === 'clear'
    const wrapping = inWrapUp(call)
    if (agentId) this.deps.pushes.card(agentId, row.push === 'remove' && wrapping ? 'replace' : row.push, call, giveBack ? undefined : change.notice)
    const other = row.other && (giveBack || row.transfer === 'hand_over' || row.transfer === 'consult' ? call.agentId : call.transferToId)
    if (row.other && other && other !== agentId) this.deps.pushes.card(other, row.other, call, giveBack ? change.notice : undefined)
    if (agentId && row.then.includes('offer-timer')) this.offers.start(call.id, agentId, call.version)
    if (agentId && wrapping && row.then.includes('wrap-up-timer')) this.wrapUps.start(call.id, agentId, call.version, call.wrapUpEndsAt!.getTime() - this.deps.clock().getTime())
    if (call.transferToId && row.then.includes('transfer-timer')) this.transfers.start(call.id, call.transferToId, call.version)
    if (agentId && row.then.includes('presence')) this.deps.pushes.presence(agentId)
    if (row.then.includes('reroute')) this.routeLater()
    if (change.taskQueues) this.missed.changed(change.taskQueues)
    for (const listener of this.listeners) listener(change)
  }
}

/** What the hook does for a change: an edge's row, or for a note only the card it shows again. */
function effectsOf({ name, call }: Change, supervisorNote: boolean): Pick<Edge, 'jobs' | 'push' | 'then' | 'transfer' | 'other'> {
  if (name in edges) return edge(name as EdgeName)
  if (name in wrapUpSteps) return { jobs: [], ...wrapUpSteps[name as WrapUpStepName] }
  if (name === 'supervision_failed' || Object.values(supervisions).some((mode) => mode.note === name)) return { jobs: ['supervise'], then: [], push: supervisorNote && call.status !== 'ended' ? 'replace' : 'none' }
  const shown = notes[name as NoteName].show
  return { jobs: [], then: [], push: shown ? (call.status === 'ended' ? 'prepend' : 'replace') : 'none' }
}

/** What a refused supervision change tried to do, in the board's words. */
const supervisionVerbs: Record<Exclude<SupervisionMode, 'leave'>, string> = { listen: 'listen in', whisper: 'whisper to the agent', barge: 'barge in' }

/** Taking a transfer while holding another call: the unique index on an agent's active call refuses it. */
function refusedIfBusy(error: unknown): null {
  if (isUniqueViolation(error)) return null
  throw error
}
