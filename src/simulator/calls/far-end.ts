import type { SimContext } from '../context.ts'
import { mediaMs } from '../context.ts'
import { sleep } from '../dates.ts'
import type { Call } from './call.ts'
import { endCall } from './lifecycle.ts'

export type FarEnd = 'answers' | 'busy' | 'no-answer' | 'fails' | 'answers-then-hangs-up'

/** A dialled phone number's behaviour is chosen by its last four digits (see README). */
export function farEndOf(number: string): FarEnd {
  const suffix = number.slice(-4)
  if (suffix === '0002') return 'busy'
  if (suffix === '0003') return 'no-answer'
  if (suffix === '0004') return 'fails'
  if (suffix === '0005') return 'answers-then-hangs-up'
  return 'answers'
}

const RING_SECONDS = 3
const TALK_SECONDS = 2

/** Resolves when the far end picks up or refuses; a `no-answer` number never resolves. */
export async function farEndAnswer(sim: SimContext, leg: Call): Promise<'answered' | 'busy' | 'failed'> {
  const behaviour = farEndOf(leg.to)
  if (behaviour === 'no-answer') return new Promise(() => undefined)
  await sleep(mediaMs(sim, RING_SECONDS))
  if (behaviour === 'busy') return 'busy'
  if (behaviour === 'fails') return 'failed'
  return 'answered'
}

export function afterFarEndAnswered(sim: SimContext, leg: Call): void {
  if (farEndOf(leg.to) !== 'answers-then-hangs-up') return
  setTimeout(() => endCall(sim, leg, 'far end hung up'), mediaMs(sim, TALK_SECONDS)).unref()
}
