import type { Next, VerbContext } from './context.ts'
import { NEXT } from './context.ts'
import { dial } from './dial.ts'
import { enqueue } from './enqueue.ts'
import { gather } from './gather.ts'
import { record } from './record.ts'
import type { TwimlVerb } from './parse.ts'
import { TwimlError } from './parse.ts'
import { hangup, leave, pause, play, redirect, say } from './basic-verbs.ts'

type VerbHandler = (ctx: VerbContext, verb: TwimlVerb) => Next | Promise<Next>

const HANDLERS: Record<string, VerbHandler> = { Say: say, Play: play, Pause: pause, Hangup: hangup, Redirect: redirect, Leave: leave, Enqueue: enqueue, Dial: dial, Gather: gather, Record: record }

/** Verbs Twilio allows in a queue's waitUrl document. */
const WAIT_VERBS = new Set(['Say', 'Play', 'Pause', 'Hangup', 'Redirect', 'Leave', 'Gather'])

export async function runVerbs(ctx: VerbContext, verbs: readonly TwimlVerb[]): Promise<Next> {
  for (const verb of verbs) {
    if (!ctx.call.isLive) return { kind: 'stop' }
    const next = await runVerb(ctx, verb)
    if (next.kind !== 'next') return next
  }
  return NEXT
}

function runVerb(ctx: VerbContext, verb: TwimlVerb): Next | Promise<Next> {
  const handler = HANDLERS[verb.name]
  const allowed = ctx.allowedVerbs ?? (ctx.member ? WAIT_VERBS : undefined)
  if (!handler || (allowed && !allowed.has(verb.name))) throw new TwimlError(12200, `<${verb.name}> is not allowed here`)
  ctx.sim.events.emit({ type: 'verb', callSid: ctx.call.sid, verb: verb.name, attributes: verb.attributes, text: verb.text })
  return handler(ctx, verb)
}
