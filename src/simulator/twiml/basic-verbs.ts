import { endCall } from '../calls/lifecycle.ts'
import { mediaMs } from '../context.ts'
import { sleep } from '../dates.ts'
import type { Next, VerbContext } from './context.ts'
import { NEXT, STOP } from './context.ts'
import type { TwimlVerb } from './parse.ts'
import { httpMethod, resolveUrl } from './source.ts'

const PLAY_SECONDS = 3
const FOREVER_LOOPS = 1000

export async function say(ctx: VerbContext, verb: TwimlVerb): Promise<Next> {
  ctx.call.addLog('speech', `Said: "${verb.text}"`)
  const words = verb.text.split(/\s+/).filter(Boolean).length
  await sleep(mediaMs(ctx.sim, Math.max(1, words * 0.4)) * loops(verb), ctx.signal)
  return NEXT
}

export async function play(ctx: VerbContext, verb: TwimlVerb): Promise<Next> {
  const what = verb.attributes.digits ? `digits ${verb.attributes.digits}` : verb.text
  ctx.call.addLog('speech', ctx.member ? `Hold music: ${what}` : `Playing ${what}`)
  await sleep(mediaMs(ctx.sim, PLAY_SECONDS) * loops(verb), ctx.signal)
  return NEXT
}

export async function pause(ctx: VerbContext, verb: TwimlVerb): Promise<Next> {
  await sleep(mediaMs(ctx.sim, Number(verb.attributes.length ?? 1) || 1), ctx.signal)
  return NEXT
}

export function hangup(ctx: VerbContext): Next {
  endCall(ctx.sim, ctx.call, '<Hangup>')
  return STOP
}

export function redirect(ctx: VerbContext, verb: TwimlVerb): Next {
  const url = resolveUrl(verb.text, ctx.doc.baseUrl)
  return { kind: 'goto', source: { kind: 'url', webhook: 'redirect', url, method: httpMethod(verb.attributes.method) } }
}

export function leave(ctx: VerbContext): Next {
  return ctx.member ? { kind: 'leave' } : NEXT
}

function loops(verb: TwimlVerb): number {
  const loop = Number(verb.attributes.loop ?? 1)
  if (loop === 0) return FOREVER_LOOPS
  return Number.isFinite(loop) && loop > 0 ? loop : 1
}
