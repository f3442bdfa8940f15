import type { Call } from '../calls/call.ts'
import { isInterruption } from '../calls/call.ts'
import { endCall } from '../calls/lifecycle.ts'
import { ringLeg } from '../calls/ring.ts'
import { secondsBetween, sleep } from '../dates.ts'
import type { Next, VerbContext } from './context.ts'
import { actionSource, finishVerb } from './context.ts'
import { dialConference } from './conference.ts'
import { createDialLegs } from './dial-targets.ts'
import { notifyIgnoringTwiml } from './load.ts'
import type { TwimlVerb } from './parse.ts'

const FOUR_HOURS_SEC = 4 * 3600

export async function dial(ctx: VerbContext, verb: TwimlVerb): Promise<Next> {
  if (verb.nouns.some((noun) => noun.name === 'Conference')) return dialConference(ctx, verb)
  const legs = createDialLegs(ctx, verb)
  try {
    const winner = await ringAll(ctx, legs, ringTimeoutMs(ctx, verb))
    if (winner) await bridge(ctx, verb, winner)
    return await finishVerb(ctx, verb, dialResult(legs.map((l) => l.leg)))
  } catch (error) {
    if (!isInterruption(error)) throw error
    legs.forEach(({ leg }) => endCall(ctx.sim, leg, ctx.call.isLive ? 'call redirected' : 'caller hung up'))
    const source = actionSource(ctx, verb, dialResult(legs.map((l) => l.leg)))
    if (source) await notifyIgnoringTwiml(ctx.sim, ctx.call, source)
    throw error
  }
}

function ringTimeoutMs(ctx: VerbContext, verb: TwimlVerb): number {
  const seconds = Number(verb.attributes.timeout ?? ctx.sim.options.ringTimeoutDefaultSec)
  return (Number.isFinite(seconds) && seconds > 0 ? seconds : 30) * 1000
}

/** Rings every leg at once; the first to answer wins and the others are canceled. */
async function ringAll(ctx: VerbContext, legs: { leg: Call; customParameters: Record<string, string> }[], timeoutMs: number): Promise<Call | null> {
  const others = new AbortController()
  const onAbort = (): void => others.abort()
  ctx.signal.addEventListener('abort', onAbort, { once: true })
  let winner: Call | null = null
  await Promise.all(legs.map(async ({ leg, customParameters }) => {
    const status = await ringLeg(ctx.sim, leg, timeoutMs, others.signal, customParameters)
    if (status !== 'in-progress') return
    if (winner) return endCall(ctx.sim, leg, 'another leg answered')
    winner = leg
    others.abort()
  }))
  ctx.signal.removeEventListener('abort', onAbort)
  if (ctx.signal.aborted) throw ctx.signal.reason
  return winner
}

/** Connected until either side hangs up, the leg is redirected away, or `timeLimit` runs out. */
async function bridge(ctx: VerbContext, verb: TwimlVerb, winner: Call): Promise<void> {
  ctx.call.addLog('connected', `Connected to ${winner.to}`)
  const limitSec = Number(verb.attributes.timeLimit ?? FOUR_HOURS_SEC) || FOUR_HOURS_SEC
  const done = new AbortController()
  const signal = AbortSignal.any([ctx.signal, done.signal])
  const timeLimit = sleep(limitSec * 1000, signal).then(() => endCall(ctx.sim, winner, 'time limit'), () => undefined)
  ctx.call.connectedTo = winner.to
  try {
    await Promise.race([winner.ended, winner.whenUnbridged(), timeLimit])
  } finally {
    done.abort()
    ctx.call.connectedTo = null
  }
  if (ctx.signal.aborted) throw ctx.signal.reason
}

function dialResult(legs: Call[]): Record<string, string> {
  const answered = legs.find((l) => l.answered)
  const last = answered ?? legs[legs.length - 1]
  const params: Record<string, string> = { DialCallStatus: answered ? 'completed' : unansweredStatus(legs), DialBridged: String(Boolean(answered)) }
  if (last) params.DialCallSid = last.sid
  if (answered) params.DialCallDuration = String(secondsBetween(answered.startTime, answered.endTime ?? new Date()))
  return params
}

function unansweredStatus(legs: Call[]): string {
  const statuses = legs.map((l) => l.status)
  if (statuses.includes('busy')) return 'busy'
  if (statuses.includes('canceled')) return 'canceled'
  if (statuses.length > 0 && statuses.every((s) => s === 'failed')) return 'failed'
  return 'no-answer'
}
