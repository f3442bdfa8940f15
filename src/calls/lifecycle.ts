import type { CallDirection, CallStatus, EndReason } from '../db/client.ts'

/**
 * The Call's state machine as data: one row per edge, inbound and outbound. Nothing here does I/O.
 * The store turns a row into one SQL statement; the after-commit hook reads the row to push cards,
 * wake the outbox and re-route. A new feature adds rows here, not code that writes calls.
 */

/** Who may take the edge: the agent holding the call (by clicking), Twilio (a webhook), or the app itself. */
export type Actor = 'agent' | 'twilio' | 'system'

/** What the agent's panel shows afterwards: a new card, the card re-rendered, the card gone (to recent calls). */
export type Push = 'prepend' | 'replace' | 'remove' | 'none'

/** What follows the commit besides the push: another routing pass, a presence change, an offer timer. */
export type Follow = 'reroute' | 'presence' | 'offer-timer' | 'wrap-up-timer' | 'transfer-timer'

/** Twilio work an edge queues in the outbox, in the same statement. */
export type JobKind = 'dial_agent' | 'hang_up' | 'place_call' | 'requeue_caller' | 'hold_caller' | 'resume_caller' | 'join_transfer_target' | 'supervise' | 'pause_recording' | 'resume_recording' | 'add_consultant' | 'complete_transfer' | 'cancel_consult' | 'dial_far_end'

/**
 * What an edge does to the team's missed calls, in the same statement: open one of that kind for the
 * call's queue, or (`answered`) settle the caller's open ones because they got through this time.
 */
export type TaskEffect = 'abandoned' | 'voicemail' | 'callback' | 'answered'

export interface Edge {
  /** The timeline event it writes (several edges may share one, e.g. both ends of an outbound call hang up). */
  event: string
  /** The kind of call it moves; `any` only for clicks and the app's own edges (see `either`). */
  direction: CallDirection | 'any'
  /** States it leaves; empty for the edges that create the call. */
  from: readonly CallStatus[]
  to: CallStatus
  actor: Actor
  /** The acting agent must be the call's agent (a click, or the app acting on one agent's offer). */
  holder: boolean
  /** The card's version must match: a stale card or a double click changes nothing. */
  versioned: boolean
  /** `assign` gives the call to the acting agent, `clear` takes it back to the queue. */
  agent?: 'assign' | 'clear'
  endReason?: EndReason
  stamp?: 'answeredAt' | 'endedAt' | 'heldAt'
  /** Undo an end: the line turned out to be still up. */
  reopen?: true
  /** `set` puts the call in the queue the command names (from now on it waits there). */
  queue?: 'set'
  task?: TaskEffect
  /** On the holding agent, in the same statement: set away, or mark the end of their last call. */
  presence?: 'away'
  /** Why the app set the agent away (recorded with the state change). */
  awayReason?: string
  idle?: true
  /**
   * After-call work starts: an answered call the agent held ends into a wrap-up card (when WRAP_UP_SECONDS
   * is not 0); the agent is offered nothing until **Done** or the timer. The `remove` push then re-renders
   * the card as the wrap-up card instead, and the wrap-up's own step (`wrapUpSteps`) removes it.
   */
  wrapUp?: 'start'
  jobs: readonly JobKind[]
  push: Push
  then: readonly Follow[]
  /**
   * A cold transfer (the call's `transferToId`): `offer` offers the call to a free agent the command names;
   * `take` gives it to that agent (the acting agent must be the target; the first agent becomes `transferToId`
   * for this edge's push); `clear` gives the offer back (the acting agent must be the target); `settle` forgets it.
   * Warm: `consult` (the target joins; they must be the target of a warm offer), `hand_over` (the first agent
   * gives the call to the target, who becomes `agentId`; the first agent is `transferToId` for the push), `keep`
   * (the first agent keeps the call; `transferToId` still names the target for the push), `take_back` (a warm
   * hand-over Twilio refused: the first agent, whom the command names, holds the call again and the target is
   * `transferToId` again).
   */
  transfer?: 'offer' | 'take' | 'clear' | 'settle' | 'consult' | 'hand_over' | 'keep' | 'take_back'
  /** A warm transfer's offer (the caller is held while the agents talk); a cold one's `take` refuses it. */
  warm?: true
  /** Pause or resume the call's recording (PCI): the card's `recordingPaused` must be the other way round. */
  recording?: 'pause' | 'resume'
  /** What the other agent of a transfer sees (the target on `offer`, the first agent afterwards). */
  other?: Push
}

const inbound = { direction: 'inbound', holder: false, versioned: false, jobs: [], then: [] } as const
const outbound = { direction: 'outbound', holder: false, versioned: false, jobs: [], then: [] } as const
/**
 * Hold, transfer and PCI recording pause mean the same on both kinds of call, and only a click or the app takes
 * them: one row each reads better than an outbound twin of every row. Which leg is the agent's and which
 * participant is the customer differ, and that is the jobs' business (src/calls/jobs.ts). Twilio's reports
 * stay per direction (they come from different legs and routes); a lifecycle test keeps it so.
 */
const either = { direction: 'any', holder: false, versioned: false, jobs: [], then: [] } as const
const click = { actor: 'agent', holder: true, versioned: true } as const
const ends = { to: 'ended', stamp: 'endedAt', push: 'remove', then: ['reroute'] } as const
/** An end of a call the agent held: their last call ended now, and an answered one goes to wrap-up. */
const agentEnds = { idle: true, wrapUp: 'start', then: ['reroute', 'wrap-up-timer'] } as const
/** The caller's side of the contact center: no agent holds the call yet, so no card moves. */
const caller = { ...inbound, actor: 'twilio', push: 'none' } as const

export const edges = {
  received: { ...inbound, event: 'received', from: [], to: 'queued', actor: 'twilio', push: 'none', then: ['reroute'] },
  offered: { ...inbound, event: 'offered', from: ['queued'], to: 'offered', actor: 'system', agent: 'assign', push: 'prepend', then: ['offer-timer'] },
  declined: { ...inbound, ...click, event: 'declined', from: ['offered'], to: 'queued', agent: 'clear', push: 'remove', then: ['reroute'] },
  withdrawn: { ...inbound, event: 'withdrawn', from: ['offered'], to: 'queued', actor: 'system', holder: true, agent: 'clear', push: 'remove', then: ['reroute'] },
  offer_timed_out: { ...inbound, event: 'offer_timed_out', from: ['offered'], to: 'queued', actor: 'system', holder: true, versioned: true, agent: 'clear', presence: 'away', awayReason: 'Missed an offer', push: 'remove', then: ['presence', 'reroute'] },
  accepted: { ...inbound, ...click, event: 'accepted', from: ['offered'], to: 'connecting', jobs: ['dial_agent'], push: 'replace' },
  accept_failed: { ...inbound, event: 'accept_failed', from: ['connecting'], to: 'offered', actor: 'system', push: 'replace' },
  connected: { ...inbound, event: 'connected', from: ['connecting'], to: 'in_progress', actor: 'twilio', stamp: 'answeredAt', push: 'replace', task: 'answered' },
  agent_missed: { ...inbound, event: 'agent_missed', from: ['connecting'], to: 'queued', actor: 'twilio', holder: true, agent: 'clear', presence: 'away', awayReason: 'Browser did not answer', push: 'remove', then: ['presence', 'reroute'] },
  ended: { ...inbound, ...click, ...ends, event: 'ended', from: ['connecting', 'in_progress', 'on_hold'], endReason: 'completed', ...agentEnds, jobs: ['hang_up'] },
  end_failed: { ...inbound, event: 'end_failed', from: ['ended'], to: 'in_progress', actor: 'system', reopen: true, push: 'prepend' },
  abandoned: { ...inbound, ...ends, event: 'abandoned', from: ['queued', 'offered', 'connecting'], actor: 'twilio', endReason: 'abandoned', task: 'abandoned' },
  hung_up: { ...inbound, ...ends, event: 'hung_up', from: ['connecting', 'in_progress', 'on_hold', 'transferring', 'consulting'], actor: 'twilio', endReason: 'completed', ...agentEnds, other: 'remove' },

  // The conference bridge (docs/decisions/0011): the agent's leg is a participant the app adds, and reports on its own.
  agent_answered: { ...inbound, event: 'connected', from: ['connecting'], to: 'in_progress', actor: 'twilio', holder: true, stamp: 'answeredAt', push: 'replace', task: 'answered', transfer: 'settle' },
  agent_leg_missed: { ...inbound, event: 'agent_missed', from: ['connecting'], to: 'queued', actor: 'twilio', holder: true, agent: 'clear', presence: 'away', awayReason: 'Browser did not answer', jobs: ['requeue_caller'], push: 'remove', then: ['presence', 'reroute'], transfer: 'settle' },
  held: { ...either, ...click, event: 'held', from: ['in_progress'], to: 'on_hold', stamp: 'heldAt', jobs: ['hold_caller'], push: 'replace' },
  resumed: { ...either, ...click, event: 'resumed', from: ['on_hold'], to: 'in_progress', jobs: ['resume_caller'], push: 'replace' },
  recording_paused: { ...either, ...click, event: 'recording_paused', from: ['in_progress'], to: 'in_progress', recording: 'pause', jobs: ['pause_recording'], push: 'replace' },
  recording_resumed: { ...either, ...click, event: 'recording_resumed', from: ['in_progress'], to: 'in_progress', recording: 'resume', jobs: ['resume_recording'], push: 'replace' },
  recording_pause_failed: { ...either, event: 'recording_pause_failed', from: ['in_progress'], to: 'in_progress', actor: 'system', recording: 'resume', push: 'replace' },
  hold_failed: { ...either, event: 'hold_failed', from: ['on_hold'], to: 'in_progress', actor: 'system', push: 'replace' },
  resume_failed: { ...either, event: 'resume_failed', from: ['in_progress'], to: 'on_hold', actor: 'system', push: 'replace' },
  transfer_offered: { ...either, ...click, event: 'transfer_offered', from: ['in_progress'], to: 'transferring', transfer: 'offer', push: 'replace', other: 'prepend', then: ['transfer-timer'] },
  transfer_accepted: { ...either, event: 'transfer_accepted', from: ['transferring'], to: 'connecting', actor: 'agent', versioned: true, transfer: 'take', jobs: ['join_transfer_target'], push: 'replace', other: 'remove' },
  transfer_failed: { ...either, event: 'transfer_failed', from: ['connecting'], to: 'in_progress', actor: 'system', transfer: 'take', push: 'replace', other: 'remove' },
  transfer_declined: { ...either, event: 'transfer_declined', from: ['transferring'], to: 'in_progress', actor: 'agent', versioned: true, transfer: 'clear', jobs: ['resume_caller'], push: 'remove', other: 'replace' },
  transfer_timed_out: { ...either, event: 'transfer_timed_out', from: ['transferring'], to: 'in_progress', actor: 'system', versioned: true, transfer: 'clear', jobs: ['resume_caller'], push: 'remove', other: 'replace' },
  warm_transfer_offered: { ...either, ...click, event: 'transfer_offered', from: ['in_progress'], to: 'transferring', transfer: 'offer', warm: true, jobs: ['hold_caller'], push: 'replace', other: 'prepend', then: ['transfer-timer'] },
  warm_transfer_accepted: { ...either, event: 'consulting', from: ['transferring'], to: 'consulting', actor: 'agent', versioned: true, transfer: 'consult', jobs: ['add_consultant'], push: 'replace', other: 'replace' },
  transfer_completed: { ...either, ...click, event: 'transfer_completed', from: ['consulting'], to: 'in_progress', transfer: 'hand_over', jobs: ['complete_transfer'], push: 'remove', other: 'replace' },
  transfer_canceled: { ...either, ...click, event: 'transfer_canceled', from: ['consulting'], to: 'in_progress', transfer: 'keep', jobs: ['cancel_consult'], push: 'replace', other: 'remove' },
  // A warm transfer's REST work refused (the outbox gave up): the call goes back to where Twilio still has it.
  /** The second agent could not be added: the first agent has the caller again, taken off hold; the second's card goes. */
  consult_failed: { ...either, event: 'consult_failed', from: ['consulting'], to: 'in_progress', actor: 'system', transfer: 'keep', jobs: ['resume_caller'], push: 'replace', other: 'remove' },
  /** A warm transfer's hold refused: the offer is withdrawn from the target and the caller stays with the first agent, talking. */
  warm_hold_failed: { ...either, event: 'warm_hold_failed', from: ['transferring'], to: 'in_progress', actor: 'system', transfer: 'clear', push: 'remove', other: 'replace' },
  /** Complete transfer refused: both agents are still in the conference with the caller on hold, the first one holding the card. */
  transfer_complete_failed: { ...either, event: 'transfer_complete_failed', from: ['in_progress'], to: 'consulting', actor: 'system', transfer: 'take_back', push: 'prepend', other: 'replace' },
  /** Cancel transfer refused: the second agent is still in the conference, the caller on hold; the card offers Cancel again. */
  transfer_cancel_failed: { ...either, event: 'transfer_cancel_failed', from: ['in_progress'], to: 'consulting', actor: 'system', transfer: 'keep', push: 'replace', other: 'prepend' },

  entered_menu: { ...caller, event: 'entered_menu', from: [], to: 'in_menu' },
  after_hours: { ...caller, event: 'after_hours', from: [], to: 'voicemail' },
  menu_chose_queue: { ...caller, event: 'menu_choice', from: ['in_menu'], to: 'queued', queue: 'set', then: ['reroute'] },
  menu_chose_voicemail: { ...caller, event: 'menu_choice', from: ['in_menu'], to: 'voicemail', queue: 'set' },
  left_menu: { ...caller, ...ends, event: 'left_menu', from: ['in_menu'], endReason: 'abandoned' },
  no_agents: { ...caller, event: 'no_agents', from: ['queued'], to: 'voicemail', actor: 'system' },
  overflowed: { ...caller, event: 'overflowed', from: ['queued'], to: 'voicemail' },
  overflowed_to_callback: { ...caller, event: 'overflowed', from: ['queued'], to: 'callback_requested' },
  chose_voicemail: { ...caller, event: 'chose_voicemail', from: ['queued'], to: 'voicemail' },
  callback_requested: { ...caller, event: 'callback_requested', from: ['queued'], to: 'callback_requested' },
  callback_due: { ...caller, ...ends, event: 'callback_due', from: ['callback_requested'], actor: 'system', endReason: 'callback', task: 'callback' },
  recording_voicemail: { ...caller, event: 'recording_voicemail', from: ['voicemail'], to: 'recording_voicemail' },
  voicemail_left: { ...caller, ...ends, event: 'voicemail_left', from: ['voicemail', 'recording_voicemail'], endReason: 'voicemail', task: 'voicemail' },
  voicemail_empty: { ...caller, ...ends, event: 'voicemail_empty', from: ['voicemail', 'recording_voicemail'], endReason: 'abandoned', task: 'abandoned' },
  hung_up_at_voicemail_prompt: { ...caller, ...ends, event: 'voicemail_empty', from: ['voicemail'], endReason: 'abandoned', task: 'abandoned' },

  dialing: { ...outbound, event: 'dialing', from: [], to: 'dialing', actor: 'agent', agent: 'assign', jobs: ['place_call'], push: 'prepend' },
  ringing: { ...outbound, event: 'ringing', from: ['dialing'], to: 'ringing', actor: 'twilio', push: 'replace' },
  /** The agent's browser answered and joined the call's conference: the number is added to it (docs/decisions/0011). */
  number_dialed: { ...outbound, event: 'number_dialed', from: ['dialing'], to: 'dialing', actor: 'twilio', jobs: ['dial_far_end'], push: 'none' },
  answered: { ...outbound, event: 'connected', from: ['dialing', 'ringing'], to: 'in_progress', actor: 'twilio', stamp: 'answeredAt', push: 'replace' },
  hung_up_by_agent: { ...outbound, ...click, ...ends, event: 'ended', from: ['in_progress', 'on_hold'], endReason: 'completed', ...agentEnds, jobs: ['hang_up'] },
  // During a transfer too: the other agent's card (the target's offer, or the first agent's) goes as well.
  far_end_hung_up: { ...outbound, ...ends, event: 'hung_up', from: ['dialing', 'ringing', 'in_progress', 'on_hold', 'connecting', 'transferring', 'consulting'], actor: 'twilio', endReason: 'completed', ...agentEnds, other: 'remove' },
  agent_hung_up: { ...outbound, ...ends, event: 'hung_up', from: ['in_progress', 'on_hold', 'transferring', 'consulting'], actor: 'twilio', endReason: 'completed', ...agentEnds, other: 'remove' },
  // The number never joined: the agent, alone in the conference, is hung up (the `hang_up` job ends their leg).
  busy: { ...outbound, ...ends, event: 'busy', from: ['dialing', 'ringing'], actor: 'twilio', endReason: 'busy', ...agentEnds, jobs: ['hang_up'] },
  no_answer: { ...outbound, ...ends, event: 'no_answer', from: ['dialing', 'ringing'], actor: 'twilio', endReason: 'no_answer', ...agentEnds, jobs: ['hang_up'] },
  failed: { ...outbound, ...ends, event: 'failed', from: ['dialing', 'ringing'], actor: 'twilio', endReason: 'failed', ...agentEnds, jobs: ['hang_up'] },
  dial_failed: { ...outbound, ...ends, event: 'failed', from: ['dialing'], actor: 'system', endReason: 'failed', ...agentEnds, jobs: ['hang_up'] },
  canceled: { ...outbound, ...ends, event: 'canceled', from: ['dialing', 'ringing'], actor: 'twilio', endReason: 'canceled', ...agentEnds, jobs: ['hang_up'] },
  cancel: { ...outbound, ...click, ...ends, event: 'canceled', from: ['dialing', 'ringing'], endReason: 'canceled', ...agentEnds, jobs: ['hang_up'] },
  dial_missed: { ...outbound, ...ends, event: 'agent_missed', from: ['dialing'], actor: 'twilio', endReason: 'missed', ...agentEnds },
  // A cold transfer of an outbound call: the target's browser is a participant the app adds, and reports on its own leg.
  /** The target answered: they talk with the far end (who answered long ago: answeredAt stays). */
  outbound_agent_answered: { ...outbound, event: 'connected', from: ['connecting'], to: 'in_progress', actor: 'twilio', holder: true, push: 'replace', transfer: 'settle' },
  /**
   * The target's browser did not answer. The first agent has left already and there is no queue to go back to:
   * the call ends, the number is taken out of the conference (`hang_up`) and the target is set away.
   */
  outbound_agent_leg_missed: { ...outbound, ...ends, event: 'agent_missed', from: ['connecting'], actor: 'twilio', holder: true, endReason: 'missed', presence: 'away', awayReason: 'Browser did not answer', jobs: ['hang_up'], then: ['presence', 'reroute'], transfer: 'settle' },
} as const satisfies Record<string, Edge>

export type EdgeName = keyof typeof edges

export function edge(name: EdgeName): Edge {
  return edges[name]
}

/**
 * Whether the edge may leave the call's state as last read (its other guards, such as the holder or the
 * version, are the statement's to check). Lets a report that could mean several edges pick the one to try
 * instead of sending each in turn, and skip them all when none fits (a call already over, say).
 */
export function fits(name: EdgeName, call: { status: CallStatus; direction: CallDirection }): boolean {
  const row: Edge = edges[name]
  return (row.direction === 'any' || row.direction === call.direction) && row.from.includes(call.status)
}

/**
 * Timeline events that change no state (so they leave the card's version alone). `show` re-renders the
 * agent's card with the note's notice: in place while the call is live, back on the panel once it ended.
 */
export interface Note {
  label: string
  show: boolean
}

export const notes = {
  agent_dialed: { label: "Agent's browser dialed", show: false },
  phone_trouble: { label: "Agent's phone reported a problem", show: true },
  menu_retry: { label: 'Menu choice not understood: menu said again', show: false },
  called_back: { label: 'Called back', show: false },
  missed_call_done: { label: 'Missed call done: the caller got through', show: false },
  missed_call_dismissed: { label: 'Missed call dismissed', show: false },
  conference_started: { label: 'Conference started', show: false },
  conference_ended: { label: 'Conference ended', show: false },
  participant_joined: { label: 'Joined the conference', show: false },
  participant_left: { label: 'Left the conference', show: false },
  participant_held: { label: 'Put on hold (hold music)', show: false },
  participant_resumed: { label: 'Taken off hold', show: false },
  call_recorded: { label: 'Conversation recorded', show: false },
  supervisor_listening: { label: 'Supervisor listening', show: false },
  supervisor_whispering: { label: 'Supervisor whispering to the agent', show: false },
  supervisor_barged: { label: 'Supervisor joined the conversation', show: false },
  supervisor_left: { label: 'Supervisor left', show: false },
  supervision_failed: { label: 'Supervision refused by Twilio: the supervisor was taken out of the call', show: false },
} as const satisfies Record<string, Note>
export type NoteName = keyof typeof notes

/**
 * After-call work (wrap-up) is the agent's, not the line's: the call stays `ended` and these steps close its
 * wrap-up (the store writes one statement each: the call's wrap-up columns and a timeline event). **Done**
 * keeps the disposition and notes; the timer ends a wrap-up nobody finished. Both are versioned.
 */
export interface WrapUpStep {
  event: string
  actor: Actor
  push: Push
  then: readonly Follow[]
}

export const wrapUpSteps = {
  wrapped_up: { event: 'wrapped_up', actor: 'agent', push: 'remove', then: ['reroute'] },
  wrap_up_timed_out: { event: 'wrap_up_timed_out', actor: 'system', push: 'remove', then: ['reroute'] },
} as const satisfies Record<string, WrapUpStep>
export type WrapUpStepName = keyof typeof wrapUpSteps

/** A call whose wrap-up is under way: its card is the wrap-up card, and its agent is offered nothing. */
export function inWrapUp(call: { status: CallStatus; wrapUpEndsAt: Date | null; wrapUpDoneAt: Date | null }): boolean {
  return call.status === 'ended' && call.wrapUpEndsAt !== null && call.wrapUpDoneAt === null
}

/** Calls on which the agent's phone (the browser Device) is ringing or talking. */
export const phoneStatuses = ['connecting', 'dialing', 'ringing', 'in_progress', 'on_hold', 'transferring', 'consulting'] as const satisfies readonly CallStatus[]

/** A call an agent holds: it is on their panel, and routing gives them nothing else. */
export const activeStatuses = ['offered', 'connecting', 'dialing', 'ringing', 'in_progress', 'on_hold', 'transferring', 'consulting'] as const satisfies readonly CallStatus[]

export const statusLabels: Record<CallStatus, string> = {
  queued: 'Waiting',
  offered: 'Incoming call',
  connecting: 'Connecting…',
  dialing: 'Dialing…',
  ringing: 'Ringing…',
  in_progress: 'In progress',
  ended: 'Ended',
  in_menu: 'In the menu',
  voicemail: 'Voicemail prompt',
  recording_voicemail: 'Leaving a voicemail',
  callback_requested: 'Waiting to be called back',
  on_hold: 'On hold',
  transferring: 'Transferring…',
  consulting: 'Transferring…',
}

export const endReasonLabels: Record<EndReason, string> = {
  completed: 'completed',
  abandoned: 'abandoned',
  canceled: 'canceled',
  missed: 'missed',
  failed: 'failed',
  busy: 'busy',
  no_answer: 'no answer',
  voicemail: 'voicemail',
  callback: 'callback requested',
}

export const eventLabels: Record<string, string> = {
  received: 'Call received',
  offered: 'Offered',
  declined: 'Declined',
  withdrawn: 'Offer withdrawn (agent went offline)',
  offer_timed_out: 'Offer not answered in time (agent set away)',
  accepted: 'Accepted',
  accept_failed: 'Accept failed',
  connected: 'Connected',
  agent_missed: "Agent's browser did not answer",
  ended: 'Ended by agent',
  end_failed: 'End failed',
  abandoned: 'Caller hung up before an answer',
  hung_up: 'Line ended',
  failed: 'Failed',
  dialing: 'Dialing',
  number_dialed: "Agent's browser answered: dialing the number",
  ringing: 'Ringing',
  busy: 'Busy',
  no_answer: 'No answer',
  canceled: 'Canceled',
  entered_menu: 'Heard the menu',
  after_hours: 'Closed: after-hours message and voicemail',
  menu_choice: 'Chose in the menu',
  left_menu: 'Hung up in the menu',
  no_agents: 'Nobody online in the queue: voicemail',
  overflowed: 'Waited the longest the queue allows',
  chose_voicemail: 'Chose to leave a voicemail while waiting',
  callback_requested: 'Asked to be called back (keeps their place)',
  callback_due: 'Their turn came: a call back is owed',
  recording_voicemail: 'Recording a voicemail',
  voicemail_left: 'Voicemail left',
  voicemail_empty: 'Hung up without leaving a message',
  wrapped_up: 'Wrap-up done',
  wrap_up_timed_out: 'Wrap-up time ran out',
  held: 'Caller put on hold',
  resumed: 'Caller taken off hold',
  hold_failed: 'Hold failed',
  recording_paused: 'Recording paused (card details)',
  recording_resumed: 'Recording resumed',
  recording_pause_failed: 'Recording could NOT be paused',
  transfer_offered: 'Transfer offered',
  transfer_accepted: 'Transfer accepted',
  transfer_declined: 'Transfer declined',
  transfer_failed: 'Transfer failed: the call stayed with the first agent',
  consulting: 'Warm transfer: the agents talk, the caller on hold',
  transfer_completed: 'Transfer completed',
  transfer_canceled: 'Transfer canceled: the caller is back with the first agent',
  transfer_timed_out: 'Transfer not answered in time',
  resume_failed: 'Resume failed',
  warm_hold_failed: 'Warm transfer not offered: the caller could not be put on hold',
  consult_failed: 'Warm transfer failed: the second agent could not join; the caller is back with the first agent',
  transfer_complete_failed: 'Complete transfer failed: the agents are still talking, the caller on hold',
  transfer_cancel_failed: 'Cancel transfer failed: the second agent is still on the call, the caller on hold',
  ...Object.fromEntries(Object.entries(notes).map(([name, note]) => [name, note.label])),
}

/** What an agent may click on a card. */
export type CardAction = 'accept' | 'decline' | 'end' | 'hold' | 'resume' | 'transfer' | 'warm_transfer' | 'complete_transfer' | 'cancel_transfer' | 'accept_transfer' | 'decline_transfer' | 'pause_recording' | 'resume_recording'

/** The sentence a refused click answers with. A call that is not the agent's is described, never shown. */
export function refusal(call: { agentId: number | null; status: CallStatus; endReason: EndReason | null; transferToId?: number | null }, agentId: number, action: CardAction): string {
  if (action === 'accept_transfer' || action === 'decline_transfer') return call.status === 'transferring' && call.transferToId === agentId ? 'This card was out of date; here is the call as it is now.' : 'This transfer is no longer offered to you.'
  if (call.agentId !== agentId) return call.status === 'ended' ? 'This call is over.' : 'Another agent has this call.'
  if (call.status === 'ended') return `This call has already ended (${endReasonLabels[call.endReason ?? 'completed']}).`
  if (action === 'accept' && ['connecting', 'in_progress'].includes(call.status)) return 'You already accepted this call.'
  if ((action === 'complete_transfer' || action === 'cancel_transfer') && call.status !== 'consulting') return 'This transfer is already over.'
  if ((action === 'transfer' || action === 'warm_transfer') && ['transferring', 'consulting'].includes(call.status)) return 'This call is already being transferred.'
  if ((action === 'transfer' || action === 'warm_transfer') && call.status !== 'in_progress') return 'Only a call in progress can be transferred.'
  if ((action === 'pause_recording' || action === 'resume_recording') && call.status !== 'in_progress') return 'Recording can be paused or resumed only while you talk with the caller.'
  if (action === 'hold' && call.status === 'on_hold') return 'The caller is already on hold.'
  if (action === 'hold' && call.status !== 'in_progress') return 'Only a call in progress can be put on hold.'
  if (action === 'resume' && call.status === 'in_progress') return 'The caller is not on hold any more.'
  if (action === 'resume' && call.status !== 'on_hold') return 'Only a call on hold can be resumed.'
  if ((action === 'accept' || action === 'decline') && call.status !== 'offered') return 'This call is no longer offered to you.'
  return 'This card was out of date; here is the call as it is now.'
}

/** Why an agent may not dial out now; null when they may. */
export function dialRefusal(presence: string, busyWith: CallStatus | undefined): string | null {
  if (busyWith === 'offered') return 'A call is waiting for your answer: accept or decline it first.'
  if (busyWith) return 'You are already on a call: end it before dialing another.'
  if (presence !== 'online') return 'Go online first: your browser’s phone connects when you do.'
  return null
}

/** Where an agent's phone saw a problem: on a call, on the Device itself, or its connection to Twilio dropped. */
export type PhoneProblemKind = 'call' | 'device' | 'connection'

/** The card's and the timeline's sentence for a problem the agent's phone reported, in Twilio's words. */
export function phoneProblemNotice(kind: PhoneProblemKind, message: string, code?: number): string {
  const where = {
    call: 'Your phone reported a problem with this call',
    device: 'Your phone reported a problem',
    connection: 'Your phone lost its connection to Twilio',
  }[kind]
  const error = code && !message.includes(String(code)) ? ` (Twilio error ${code})` : ''
  return `${where}: ${message}${error}`
}

/** Why a Transfer to that agent changed nothing although the card was current. */
export const transferTargetBusy = 'That agent is not free to take a transfer now: pick another.'

/** What the first agent's card says when the transfer comes back to them. */
export function transferReturned(name: 'transfer_declined' | 'transfer_timed_out', target: string): string {
  return name === 'transfer_declined' ? `${target} declined the transfer: the caller is still with you.` : `${target} did not answer the transfer in time: the caller is still with you.`
}

/**
 * A supervisor in a call's conference: their own phone joins as a participant, muted (Listen), heard only by
 * the agent (Whisper: Coaching with CallSidToCoach) or by everyone (Barge); Leave takes them out
 * (https://www.twilio.com/docs/voice/api/conference-participant-resource). Each changes the call's
 * `supervision` (not its status or card version) in one statement with its note and a `supervise` job.
 */
export const supervisions = {
  listen: { note: 'supervisor_listening', muted: true, coaching: false },
  whisper: { note: 'supervisor_whispering', muted: false, coaching: true },
  barge: { note: 'supervisor_barged', muted: false, coaching: false },
  leave: { note: 'supervisor_left', muted: false, coaching: false },
} as const satisfies Record<string, { note: NoteName; muted: boolean; coaching: boolean }>
export type SupervisionMode = keyof typeof supervisions

/** Calls a supervisor may join: the caller is in the conference with an agent. */
export const supervisedStatuses = ['in_progress', 'on_hold', 'transferring', 'consulting'] as const satisfies readonly CallStatus[]

/** Whether a supervisor may be in a call in this status (the board's buttons, the supervise job). */
export function supervisable(status: string): boolean {
  return (supervisedStatuses as readonly string[]).includes(status)
}

export const supervisionLabels: Record<Exclude<SupervisionMode, 'leave'>, string> = { listen: 'listening', whisper: 'whispering to the agent', barge: 'in the conversation' }
