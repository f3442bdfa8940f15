import { z } from 'zod'
import { channels, type LiveHub, type LiveMessage, type Renderer } from '../live/hub.ts'
import { inWrapUp, type Push } from './lifecycle.ts'
import type { CallCard, Cards } from './cards.ts'

export type RenderView = (template: string, data: object) => Promise<string>

const cardMessage = z.object({ kind: z.literal('card'), push: z.enum(['prepend', 'replace', 'remove']), callId: z.number(), agentId: z.number(), notice: z.string().optional() })

/** Named pushes to one agent's panel: a card in `#call_container`, or their presence. */
export class Pushes {
  constructor(private readonly hub: Pick<LiveHub, 'publish'>) {}

  /** A removed card that carries a notice (why a call failed) stays up as the ended card saying why. */
  card(agentId: number, push: Push, call: CallCard, notice?: string): void {
    if (push === 'none') return
    const publish = (kind: Exclude<Push, 'none'>) => this.hub.publish(channels.agent(agentId), { kind: 'card', push: kind, callId: call.id, agentId, notice, local: call })
    publish(push)
    if (push === 'remove' && notice) publish('prepend')
  }

  presence(agentId: number): void {
    this.hub.publish(channels.agent(agentId), { kind: 'presence', agentId })
  }
}

const views = { prepend: 'calls/_push_prepend', replace: 'calls/_push_replace', remove: 'calls/_push_remove' } as const

/**
 * Renders card messages from the card the publisher read (same process) or from the database (another
 * process). A card older than one already sent for that call on that channel is dropped, so pushes that
 * race each other never take a panel back in time.
 */
export function cardRenderer(cards: Cards, render: RenderView): Renderer {
  const newest = new Map<string, number>()
  return async (raw: LiveMessage) => {
    const message = cardMessage.parse(raw)
    const call = (raw.local as CallCard | undefined) ?? (await cards.find(message.callId))
    if (!call) return null
    const key = `${message.agentId}:${call.id}`
    if ((newest.get(key) ?? -1) > call.version) return null
    if (message.push === 'remove') newest.delete(key)
    else newest.set(key, call.version)
    if (newest.size > 10_000) newest.clear()
    const wrapUp = message.push !== 'remove' && inWrapUp(call) ? await cards.wrapUpChoices() : undefined
    return render(views[message.push], { call, notice: message.notice, viewerId: message.agentId, wrapUp })
  }
}

/** The agent's `#call_container` as it stands in the database: what a (re)connecting panel shows. */
export async function renderContainer(cards: Cards, render: RenderView, agentId: number): Promise<string> {
  const [calls, wrapUp] = await Promise.all([cards.held(agentId), cards.wrapUpChoices()])
  return render('calls/_container', { calls, viewerId: agentId, wrapUp })
}
