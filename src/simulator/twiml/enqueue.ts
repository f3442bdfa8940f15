import { isInterruption } from '../calls/call.ts'
import { mediaMs } from '../context.ts'
import { secondsBetween, sleep } from '../dates.ts'
import type { QueueMember } from '../queues.ts'
import { waitTime } from '../queues.ts'
import type { Next, VerbContext } from './context.ts'
import { actionOrNext, actionSource, finishVerb } from './context.ts'
import { loadDocument, notifyIgnoringTwiml } from './load.ts'
import type { TwimlVerb } from './parse.ts'
import { TwimlError } from './parse.ts'
import { runVerbs } from './run-verbs.ts'
import type { TwimlSource } from './source.ts'
import { httpMethod, resolveUrl } from './source.ts'

const DEFAULT_HOLD_SECONDS = 3600
/** Even an empty waitUrl document takes this long to "play", so the loop never spins. */
const MIN_LOOP_SECONDS = 1

export async function enqueue(ctx: VerbContext, verb: TwimlVerb): Promise<Next> {
  const name = verb.text
  if (!name || name.length > 64) throw new TwimlError(12200, '<Enqueue> needs a queue name of 1–64 characters')
  const queue = ctx.sim.queues.named(name)
  if (queue.isFull) return actionOrNext(ctx, verb, { QueueResult: 'queue-full', QueueSid: queue.sid, QueueTime: '0' })
  const member = ctx.sim.queues.join(queue, ctx.call.sid)
  ctx.call.addLog('queue', `In queue "${name}" at position ${queue.position(member)}`)
  try {
    const result = await waitInQueue(ctx, verb, member)
    return await finishVerb(ctx, verb, leaveQueue(ctx, member, result))
  } catch (error) {
    const result = isInterruption(error) ? (ctx.call.isLive ? 'redirected' : 'hangup') : 'system-error'
    const source = actionSource(ctx, verb, leaveQueue(ctx, member, result))
    if (source && isInterruption(error)) await notifyIgnoringTwiml(ctx.sim, ctx.call, source)
    throw error
  }
}

function leaveQueue(ctx: VerbContext, member: QueueMember, result: string): Record<string, string> {
  const queueTime = waitTime(member)
  ctx.call.queueTime += queueTime
  ctx.sim.queues.leave(member, result)
  return { QueueResult: result, QueueSid: member.queue.sid, QueueTime: String(queueTime) }
}

async function waitInQueue(ctx: VerbContext, verb: TwimlVerb, member: QueueMember): Promise<'leave' | 'hangup'> {
  const waitUrl = verb.attributes.waitUrl
  if (!waitUrl) return holdWithDefaultMusic(ctx)
  let source: TwimlSource = { kind: 'url', webhook: 'redirect', url: resolveUrl(waitUrl, ctx.doc.baseUrl), method: httpMethod(verb.attributes.waitUrlMethod) }
  for (;;) {
    const started = new Date()
    const doc = await loadDocument(ctx.sim, ctx.call, withQueueParams(source, member), ctx.signal, 'wait')
    const next = await runVerbs({ ...ctx, doc, member }, doc.verbs)
    if (next.kind === 'leave') return 'leave'
    if (next.kind === 'stop' || !ctx.call.isLive) return 'hangup'
    if (next.kind === 'goto') source = next.source
    await sleep(Math.max(0, mediaMs(ctx.sim, MIN_LOOP_SECONDS) - secondsBetween(started, new Date()) * 1000), ctx.signal)
  }
}

async function holdWithDefaultMusic(ctx: VerbContext): Promise<'hangup'> {
  ctx.call.addLog('speech', 'Hold music: Twilio default')
  await sleep(DEFAULT_HOLD_SECONDS * 1000, ctx.signal)
  return 'hangup'
}

function withQueueParams(source: TwimlSource, member: QueueMember): TwimlSource {
  if (source.kind !== 'url') return source
  const queue = member.queue
  const params = {
    QueuePosition: String(queue.position(member)),
    QueueSid: queue.sid,
    QueueTime: String(waitTime(member)),
    AvgQueueTime: String(queue.averageWaitTime),
    CurrentQueueSize: String(queue.members.length),
    MaxQueueSize: String(queue.maxSize),
  }
  return { ...source, params: { ...source.params, ...params } }
}
