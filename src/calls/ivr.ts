import type { FrontDoor, MenuConfig, QueueConfig } from '../front-door/front-door.ts'
import { hoursState } from '../front-door/hours.ts'
import { chooseOption } from '../front-door/menu.ts'
import type { Calls } from './calls.ts'
import type { Ring } from './store.ts'
import type { Waiting } from './waiting.ts'

export type IvrCalls = Pick<Calls, 'apply' | 'receive' | 'note' | 'cards' | 'twilio' | 'missed'>

export interface IvrDeps {
  calls: IvrCalls
  frontDoor: Pick<FrontDoor, 'config'>
  waiting: Waiting
  clock: () => Date
}

/** What the caller hears next. `queue: null` is the team's one queue when no queues are configured. */
export type Step =
  | { kind: 'menu'; menu: MenuConfig; attempt: 1 | 2 }
  | { kind: 'queue'; queue: QueueConfig | null }
  | { kind: 'voicemail'; prompt: string }
  | { kind: 'hang-up' }

export const prompts = {
  voicemail: 'Please leave a message after the tone, and press the pound key when you are done.',
  nobodyOnline: 'Nobody can take your call right now.',
} as const

/**
 * The caller's way in, as the Call model's facet: the ring (menu, queue, or after hours the voicemail
 * prompt), the menu's answer (a queue, voicemail, a replay, then the fallback) and what a caller who left
 * the queue does next. Each decision applies rows of the lifecycle table and lands in the call's timeline.
 */
export class Ivr {
  constructor(private readonly deps: IvrDeps) {}

  async welcome(ring: Ring): Promise<Step> {
    const { calls } = this.deps
    const config = await this.deps.frontDoor.config()
    const menu = config.menus.get(ring.to)
    if (!hoursState(config.hours, this.deps.clock()).open) {
      await calls.receive({ ...ring, status: 'voicemail', queueId: menu?.fallback.queueId ?? null })
      return { kind: 'voicemail', prompt: `${config.hours?.afterHoursMessage ?? ''} ${prompts.voicemail}`.trim() }
    }
    if (menu && menu.options.length > 0) {
      await calls.receive({ ...ring, status: 'in_menu' })
      return { kind: 'menu', menu, attempt: 1 }
    }
    const queue = menu ? (config.queues.get(menu.fallback.queueId) ?? null) : null
    const call = await calls.receive({ ...ring, queueId: queue?.id ?? null })
    return queue && call ? this.joinOrVoicemail(call.id, queue) : { kind: 'queue', queue }
  }

  /** The menu's Gather action: a key or words, or nothing. Not understood once: the menu again; twice: the fallback. */
  async menuInput(callSid: string, attempt: number, input: { digits?: string; speech?: string }): Promise<Step> {
    const config = await this.deps.frontDoor.config()
    const call = await this.deps.calls.cards.findBySid(callSid)
    const menu = call && config.menus.get(call.to)
    if (!call || !menu || call.status !== 'in_menu') return this.alreadyDecided(call)
    const option = chooseOption(menu.options, input)
    const heard = input.digits ? { pressed: input.digits } : input.speech ? { said: input.speech } : { heard: 'nothing' }
    if (!option && attempt < 2) {
      await this.deps.calls.note(call.id, 'menu_retry', heard)
      return { kind: 'menu', menu, attempt: 2 }
    }
    const choice = option ?? menu.fallback
    const queue = config.queues.get(choice.queueId)
    if (!queue) return { kind: 'hang-up' }
    const params = { queueId: queue.id, data: { ...heard, ...(option ? {} : { fallback: true }), queue: queue.name, action: choice.action } }
    if (choice.action === 'voicemail') {
      return (await this.deps.calls.apply('menu_chose_voicemail', call.id, params)) ? { kind: 'voicemail', prompt: prompts.voicemail } : { kind: 'hang-up' }
    }
    if (!(await this.deps.calls.apply('menu_chose_queue', call.id, params))) return { kind: 'hang-up' }
    return this.joinOrVoicemail(call.id, queue)
  }

  /** The Enqueue action: a caller who left the hold loop for voicemail or a call back hears what they chose. */
  async queueLeft(callSid: string, result: string): Promise<'voicemail' | 'callback' | 'nothing'> {
    if (result !== 'leave') {
      await this.deps.calls.twilio.queueResult(callSid, result)
      return 'nothing'
    }
    const call = await this.deps.calls.cards.findBySid(callSid)
    return call?.status === 'voicemail' ? 'voicemail' : call?.status === 'callback_requested' ? 'callback' : 'nothing'
  }

  /** Nobody of the queue is online: the caller leaves a message instead of waiting for no one. */
  private async joinOrVoicemail(callId: number, queue: QueueConfig): Promise<Step> {
    if ((await this.deps.waiting.onlineIn(queue.id)) > 0) return { kind: 'queue', queue }
    const moved = await this.deps.calls.apply('no_agents', callId, { data: { queue: queue.name } })
    return moved ? { kind: 'voicemail', prompt: `${prompts.nobodyOnline} ${prompts.voicemail}` } : { kind: 'queue', queue }
  }

  /** A repeated Gather action (Twilio retried it) gets the answer the call already has. */
  private async alreadyDecided(call: { status: string; queueId: number | null } | null): Promise<Step> {
    if (call?.status === 'queued') return { kind: 'queue', queue: (call.queueId && (await this.deps.frontDoor.config()).queues.get(call.queueId)) || null }
    if (call?.status === 'voicemail') return { kind: 'voicemail', prompt: prompts.voicemail }
    return { kind: 'hang-up' }
  }
}
