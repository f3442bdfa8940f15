import type { Call } from '../calls/call.ts'
import type { SimContext } from '../context.ts'
import type { QueueMember } from '../queues.ts'
import { notifyIgnoringTwiml } from './load.ts'
import type { TwimlDocument, TwimlVerb } from './parse.ts'
import type { TwimlSource } from './source.ts'
import { httpMethod, resolveUrl } from './source.ts'

export interface VerbContext {
  sim: SimContext
  call: Call
  doc: TwimlDocument
  signal: AbortSignal
  /** Set while running a queue's waitUrl document. */
  member?: QueueMember
  /** Set while running a document that only some verbs may appear in (conference wait and hold music). */
  allowedVerbs?: ReadonlySet<string>
}

/** What happens after a verb: go on, fetch another document, or stop this document. */
export type Next =
  | { kind: 'next' }
  | { kind: 'goto'; source: TwimlSource }
  | { kind: 'leave' }
  | { kind: 'stop' }

export const NEXT: Next = { kind: 'next' }
export const STOP: Next = { kind: 'stop' }

export function actionSource(ctx: VerbContext, verb: TwimlVerb, params: Record<string, string>): TwimlSource | null {
  const action = verb.attributes.action
  if (!action) return null
  return { kind: 'url', webhook: 'action', url: resolveUrl(action, ctx.doc.baseUrl), method: httpMethod(verb.attributes.method), params }
}

/** The action of <Gather> and <Record>: without an `action` attribute Twilio requests the current document's URL. */
export function actionOrDocumentSource(ctx: VerbContext, verb: TwimlVerb, params: Record<string, string>): TwimlSource {
  const url = resolveUrl(verb.attributes.action ?? ctx.doc.baseUrl, ctx.doc.baseUrl)
  return { kind: 'url', webhook: 'action', url, method: httpMethod(verb.attributes.method), params }
}

/** With an action the document is replaced by the action's answer; without one the next verb runs. */
export function actionOrNext(ctx: VerbContext, verb: TwimlVerb, params: Record<string, string>): Next {
  const source = actionSource(ctx, verb, params)
  return source ? { kind: 'goto', source } : NEXT
}

/** Like actionOrNext, but a call that already ended only notifies the action and stops. */
export async function finishVerb(ctx: VerbContext, verb: TwimlVerb, params: Record<string, string>): Promise<Next> {
  if (ctx.call.isLive) return actionOrNext(ctx, verb, params)
  const source = actionSource(ctx, verb, params)
  if (source) await notifyIgnoringTwiml(ctx.sim, ctx.call, source)
  return STOP
}
